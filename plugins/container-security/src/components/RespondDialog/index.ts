export { RespondDialog, type RespondDialogProps } from './RespondDialog';
export { RespondButton } from './RespondButton';
