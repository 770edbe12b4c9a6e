// Display names of states, roles, sources, urgencies, close types, kinds, lights and limit units (zh-CN and English).
// The table itself lives in the domain core, shared with the server's exports.
export {
  CLOSE_TYPE_LABELS,
  KIND_LABELS,
  LIGHT_LABELS,
  LIMIT_UNIT_LABELS,
  ROLE_LABELS,
  SOURCE_LABELS,
  STATE_LABELS,
  URGENCY_LABELS,
  type Bilingual,
} from '../../../src/domain/workflow/labels';
