export { ScorecardsContent } from './ScorecardsContent';
export { scorecardsToCsv, csvCell } from './csv';
