// Crash safety of the embedded store: a writer process is SIGKILLed at random moments; after each
// kill every stored audit must be whole and every audit the child saw committed must be there.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openStore } from '../../src/store/db.js';
import { freshPgliteDir } from '../helpers/pg.js';
import { killLoop } from './kill-helpers.js';

describe('embedded store (PGlite): SIGKILL', () => {
  test(
    'a writer killed at random moments 10 times: no half-written audit, no committed one lost',
    { timeout: 900_000 },
    async (t) => {
      const dir = await freshPgliteDir();
      const r = await killLoop(10, dir, async () => {
        const store = await openStore({ db: dir }); // takes over the dead child's lock
        return { store, done: () => store.close() };
      });
      assert.ok(r.committed > 0);
      t.diagnostic(`${r.kills} kills; ${r.committed} committed audits all present and whole`);
    },
  );
});
