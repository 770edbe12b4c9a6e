// Public surface of the code formats: unit grids, communities, classes, components and matters.
export { GridCodeError, type CodeErrorReason, type CodeKind } from './code-error';
export {
  buildGridCode,
  isGridCode,
  normaliseGridCode,
  parseCommunityCode,
  parseGridCode,
  type ParsedCommunityCode,
  type ParsedGridCode,
} from './grid-code';
export {
  buildComponentId,
  buildMatterCode,
  isClassCode,
  isComponentId,
  isMatterCode,
  normaliseComponentId,
  parseClassCode,
  parseComponentId,
  parseMatterCode,
  type ParsedClassCode,
  type ParsedComponentId,
  type ParsedMatterCode,
} from './component-code';
