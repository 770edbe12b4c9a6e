// What the case workflow calls about components: the defaults of a case raised from a component, and the component's
// state following the case (reported → damaged/lost; closed as fixed → intact; closed as erroneous → as before).
import { parseComponentId, GridCodeError } from '../../domain/grid';
import { bumpLayerRevisions } from '../basedata/basedata.repository';
import type { Executor } from '../db/client';
import { AppError } from '../errors';
import * as repo from './component.repository';
import type { ComponentState } from './component.schema';
import { STATE_ZH } from './component.schema';

/** What a new case about a component takes from it (cases.component_id keeps the link). */
export interface ComponentCaseDefaults {
  componentId: string;
  kind: 'component';
  classCode: string;
  lng: number;
  lat: number;
  crs: 'WGS84';
  gridCode: string;
  locationText: string;
}

/**
 * The defaults of a case raised from a component: its class, position and a location text. Accepts 16-digit
 * legacy identifiers. Throws NOT_FOUND for an unknown component, VALIDATION_FAILED for a removed one.
 */
export async function componentCaseDefaults(db: Executor, componentId: string): Promise<ComponentCaseDefaults> {
  let id: string;
  try {
    id = parseComponentId(componentId).code;
  } catch (e) {
    if (e instanceof GridCodeError) throw new AppError('VALIDATION_FAILED', e.message, [{ path: 'componentId', message: e.detail }]);
    throw e;
  }
  const c = await repo.findComponent(db, id);
  if (!c) throw new AppError('NOT_FOUND', `component ${componentId}`);
  if (c.state === 'removed') throw new AppError('VALIDATION_FAILED', `component ${id} is removed`, [{ path: 'componentId', message: '该部件已移除 / The component has been removed' }]);
  return {
    componentId: id,
    kind: 'component',
    classCode: c.classCode,
    lng: c.lng,
    lat: c.lat,
    crs: 'WGS84',
    gridCode: c.gridCode,
    locationText: `${c.streetName ?? ''}${c.communityName ?? ''} ${c.name}（部件 ${id}）`.trim(),
  };
}

export interface ComponentCaseEvent {
  componentId: string;
  caseId: string;
  caseNumber: string;
  actorId: string | null;
  at: Date;
}

const shanghaiDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);

async function setState(tx: Executor, e: ComponentCaseEvent, action: string, to: ComponentState, note: string): Promise<ComponentState | null> {
  const c = await repo.findComponent(tx, e.componentId, true);
  if (!c) return null;
  if (c.state !== to) {
    await repo.updateComponent(tx, c.id, { state: to, changeDate: shanghaiDate(e.at), updatedAt: e.at });
    await bumpLayerRevisions(tx, ['components'], e.at);
  }
  await repo.insertEvents(tx, [{ componentId: c.id, at: e.at, action, fromState: c.state, toState: to, caseId: e.caseId, caseNumber: e.caseNumber, actorId: e.actorId, note }]);
  return to;
}

/**
 * Call in the transaction that files (or creates) a case about a component: the component becomes damaged
 * (or `state`, e.g. lost for a missing manhole cover) unless it is abandoned or removed.
 */
export async function onComponentCaseReported(tx: Executor, e: ComponentCaseEvent & { state?: 'damaged' | 'lost' }): Promise<ComponentState | null> {
  const c = await repo.findComponent(tx, e.componentId);
  if (!c || c.state === 'abandoned' || c.state === 'removed') return c ? (c.state as ComponentState) : null;
  const to = e.state ?? 'damaged';
  return setState(tx, e, 'case_reported', to, `案卷 ${e.caseNumber} 上报：${STATE_ZH[to]}`);
}

/**
 * Call in the transaction that closes a case about a component. Closed as fixed (normal or overdue): the
 * component is intact again, or `outcome` (removed, abandoned) when the handling said so. Closed as erroneous:
 * back to the state it had before the case was reported. Special closes (suspended for good, cancelled) leave it.
 */
export async function onComponentCaseClosed(
  tx: Executor,
  e: ComponentCaseEvent & { closeType: 'normal' | 'overdue' | 'erroneous' | 'special' | string; outcome?: ComponentState },
): Promise<ComponentState | null> {
  if (e.closeType === 'normal' || e.closeType === 'overdue') {
    const to = e.outcome ?? 'intact';
    return setState(tx, e, 'case_closed', to, `案卷 ${e.caseNumber} 结案：${STATE_ZH[to]}`);
  }
  if (e.closeType === 'erroneous') {
    const before = (await repo.stateBeforeCase(tx, e.componentId, e.caseId)) as ComponentState | null;
    if (before) return setState(tx, e, 'case_closed', before, `案卷 ${e.caseNumber} 误报结案：恢复为${STATE_ZH[before]}`);
  }
  const c = await repo.findComponent(tx, e.componentId);
  return c ? (c.state as ComponentState) : null;
}
