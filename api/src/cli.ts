import { runCli } from './cli/run.js';

// The organisers' command line (`npm run cli -- help`); everything it does lives in cli/.
// Backups and exports hold personal data: whatever this process creates is the owner's alone.
process.umask(0o077);
process.exitCode = await runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
