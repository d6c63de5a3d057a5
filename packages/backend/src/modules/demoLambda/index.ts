export { demoLocalLambdaPlugin as default } from './plugin';
