// Prints one closing line over the Jest results and the node:test TAP outputs (the
// browser test, then any others, such as the two-replica test):
// "tests: N passed, N failed".
import { readFileSync, existsSync } from 'node:fs';

const [jestFile, tapFile, ...otherTapFiles] = process.argv.slice(2);
let passed = 0;
let failed = 0;
if (existsSync(jestFile)) {
  const jest = JSON.parse(readFileSync(jestFile, 'utf8'));
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + (jest.numRuntimeErrorTestSuites ?? 0);
  console.log(
    `unit: ${jest.numPassedTests} passed, ${jest.numFailedTests} failed in ${jest.numTotalTestSuites} suites`,
  );
} else {
  failed += 1;
  console.log('unit: no results (the unit test run did not finish)');
}
if (existsSync(tapFile)) {
  const tap = readFileSync(tapFile, 'utf8');
  const pass = Number(/^# pass (\d+)/m.exec(tap)?.[1] ?? 0);
  const fail = Number(/^# fail (\d+)/m.exec(tap)?.[1] ?? 0);
  passed += pass;
  failed += fail;
  console.log(`e2e: ${pass} passed, ${fail} failed`);
} else {
  failed += 1;
  console.log('e2e: no results (the browser test did not run)');
}
for (const file of otherTapFiles) {
  const name = file.replace(/^.*\//, '').replace(/\.tap$/, '');
  if (!existsSync(file)) {
    failed += 1;
    console.log(`${name}: no results (the test did not run)`);
    continue;
  }
  const tap = readFileSync(file, 'utf8');
  const pass = Number(/^# pass (\d+)/m.exec(tap)?.[1] ?? 0);
  const fail = Number(/^# fail (\d+)/m.exec(tap)?.[1] ?? 0);
  passed += pass;
  failed += fail;
  console.log(`${name}: ${pass} passed, ${fail} failed`);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
