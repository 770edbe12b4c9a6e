// In-process publish/subscribe of case events, feeding the Server-Sent Events stream.
import { EventEmitter } from 'node:events';

export interface BusMessage {
  type: 'case';
  caseId: string;
  number: string;
  action: string;
  state: string;
  departmentId: string | null;
  assigneeId: string | null;
  streetCode: string | null;
  at: string;
}

export class EventBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  publish(msg: BusMessage): void {
    this.emitter.emit('message', msg);
  }
  subscribe(fn: (msg: BusMessage) => void): () => void {
    this.emitter.on('message', fn);
    return () => this.emitter.off('message', fn);
  }
}
