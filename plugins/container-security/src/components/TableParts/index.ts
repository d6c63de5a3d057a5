export { useTableStyles } from './tableStyles';
export { ImageRef } from './ImageRef';
export { ExpandableText } from './ExpandableText';
export { shortenImageRef } from './shortenImageRef';
export { tableIcons } from './tableIcons';
