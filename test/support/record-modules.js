// `node --import ./test/support/record-modules.js ...`: appends the URL of every module the process
// loads to the file named by RECORD_MODULES_TO (test/dist.test.ts asserts what a start does not load).
import { register } from 'node:module';

register('./record-modules-hooks.js', import.meta.url);
