// Entry of `npm run web` (built as out/main/web.js).
import { runWebHostCli } from './web-host-cli';

void runWebHostCli(process.argv.slice(2)).then((code) => process.exit(code));
