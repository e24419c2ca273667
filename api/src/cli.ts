import { runCli } from './cli/run.js';

// The organisers' command line (`npm run cli -- help`); everything it does lives in cli/.
process.exitCode = await runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
