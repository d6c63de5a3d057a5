export { FilterBar, FilterText } from './FilterBar';
export { RangeSelect } from './RangeSelect';
