// Public surface of the demo geography: the generated 绿园区 zones and unit grids, and area classes.
export {
  GENERATED_NOTE,
  areaClassOf,
  generateDemoGeography,
  loadDistrictBoundary,
  type AreaClass,
  type DemoCommunity,
  type DemoGeography,
  type DemoGrid,
  type DemoStreet,
} from './geography';
export { DISTRICT_CODE, DISTRICT_NAME, loadDivisions, type CommunityType, type StreetType } from './divisions';
