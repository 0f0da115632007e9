// Snowflake's Node.js driver (snowflake-sdk) against flurry's local engine.
// Run by e2e/node_driver_test.go, which starts the engine and passes:
//   FLURRY_NODE_URL       http://127.0.0.1:PORT
//   FLURRY_NODE_USER / FLURRY_NODE_PASSWORD
//   FLURRY_NODE_KEY       path of the PKCS#8 private key registered for the user
// Expected values follow Snowflake's documentation (type mappings, the
// default *_OUTPUT_FORMAT parameters, error codes), not the engine.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const snowflake = require('snowflake-sdk');

// The driver's log goes to a file; keep it out of the checkout.
snowflake.configure({ logLevel: 'ERROR', logFilePath: path.join(os.tmpdir(), 'flurry-node-e2e-snowflake.log') });

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this suite through go test ./e2e -run TestNodeDriver`);
  return v;
};

function connect(extra = {}) {
  const conn = snowflake.createConnection({
    account: 'local',
    username: env('FLURRY_NODE_USER'),
    password: env('FLURRY_NODE_PASSWORD'),
    accessUrl: env('FLURRY_NODE_URL'),
    database: 'NODE_E2E',
    schema: 'PUBLIC',
    ...extra,
  });
  return new Promise((resolve, reject) => conn.connect((err, c) => (err ? reject(err) : resolve(c))));
}

function query(conn, sqlText, opts = {}) {
  return new Promise((resolve, reject) =>
    conn.execute({
      sqlText,
      ...opts,
      complete: (err, stmt, rows) => (err ? reject(err) : resolve({ stmt, rows })),
    }),
  );
}

function destroy(conn) {
  return new Promise((resolve) => conn.destroy(() => resolve()));
}

let conn;
before(async () => {
  conn = await connect();
});
after(async () => {
  await destroy(conn);
});

test('password login opens a session in the requested database and schema', async () => {
  const { rows } = await query(conn, 'select current_database() as d, current_schema() as s');
  assert.deepEqual(rows, [{ D: 'NODE_E2E', S: 'PUBLIC' }]);
});

test('key-pair (JWT) login', async () => {
  const c = await connect({
    authenticator: 'SNOWFLAKE_JWT',
    password: undefined,
    privateKey: fs.readFileSync(env('FLURRY_NODE_KEY'), 'utf8'),
  });
  const { rows } = await query(c, 'select current_user() as u');
  assert.equal(rows[0].U, env('FLURRY_NODE_USER').toUpperCase());
  await destroy(c);
});

test('a wrong password is refused with 390100', async () => {
  await assert.rejects(connect({ password: 'wrong' }), (err) => {
    assert.equal(String(err.code), '390100');
    return true;
  });
});

test('every type, bound with ? and read back', async () => {
  await query(conn, 'create or replace table types(n number(38,0), x number(10,2), f float, s string, b boolean, d date, tm time, ts timestamp_ntz, v variant)');
  await query(conn, 'insert into types select ?, ?, ?, ?, ?, ?, ?, ?, parse_json(?)', {
    binds: [42, 12.5, 1.25, 'héllo', true, '2024-02-03', '12:34:56.789', '2024-02-03 04:05:06.123', '{"a":[1,2]}'],
  });
  const { rows } = await query(conn, 'select * from types');
  const r = rows[0];
  assert.equal(r.N, 42);
  assert.equal(r.X, 12.5);
  assert.equal(r.F, 1.25);
  assert.equal(r.S, 'héllo');
  assert.equal(r.B, true);
  // DATE and TIMESTAMP_NTZ arrive as JS Dates of that wall clock in UTC.
  assert.equal(r.D.toISOString(), '2024-02-03T00:00:00.000Z');
  assert.equal(r.TS.toISOString(), '2024-02-03T04:05:06.123Z');
  // TIME is rendered with TIME_OUTPUT_FORMAT, default HH24:MI:SS.
  assert.equal(r.TM, '12:34:56');
  assert.deepEqual(r.V, { a: [1, 2] });
});

test('TIMESTAMP_LTZ(3) values (SHOW created_on, INFORMATION_SCHEMA CREATED) arrive as the instant, to the millisecond', async () => {
  // Snowflake declares both TIMESTAMP_LTZ(3) and sends three digits of
  // fraction; the driver reads a value by its column's scale.
  await query(conn, 'create or replace table ltz3(a int)');
  const before = Date.now();
  const show = await query(conn, "show tables like 'LTZ3'");
  const info = await query(conn, "select created from information_schema.tables where table_schema = 'PUBLIC' and table_name = 'LTZ3'");
  const shown = show.rows[0].created_on;
  const created = info.rows[0].CREATED;
  assert.equal(shown.getScale(), 3);
  assert.equal(created.getScale(), 3);
  assert.equal(shown.toISOString(), created.toISOString());
  assert.ok(Math.abs(before - new Date(created.toISOString()).getTime()) < 3600 * 1000, created.toISOString());
  const text = await query(conn, "select created from information_schema.tables where table_schema = 'PUBLIC' and table_name = 'LTZ3'", {
    fetchAsString: ['Date'],
  });
  // TIMESTAMP_OUTPUT_FORMAT, which TIMESTAMP_LTZ_OUTPUT_FORMAT defaults to: YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM.
  assert.match(text.rows[0].CREATED, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} [+-]\d{4}$/);
});

test(':1 binds, NULL binds and fetchAsString with the default output formats', async () => {
  await query(conn, 'create or replace table colon(id int, name string, at timestamp_ntz, d date, tm time)');
  await query(conn, 'insert into colon values (:1, :2, :3, :4, :5)', {
    binds: [1, null, '2024-02-03 04:05:06.123456', '2024-02-03', '01:02:03.456'],
  });
  const { rows } = await query(conn, 'select * from colon where id = :1', {
    binds: [1],
    fetchAsString: ['Date', 'Number'],
  });
  const r = rows[0];
  assert.equal(r.ID, '1');
  assert.equal(r.NAME, null);
  // TIMESTAMP_NTZ_OUTPUT_FORMAT YYYY-MM-DD HH24:MI:SS.FF3, DATE_OUTPUT_FORMAT YYYY-MM-DD.
  assert.equal(r.AT, '2024-02-03 04:05:06.123');
  assert.equal(r.D, '2024-02-03');
  assert.equal(r.TM, '01:02:03');
});

test('ALTER SESSION SET output formats changes how the driver renders values', async () => {
  const c = await connect();
  await query(c, "alter session set TIME_OUTPUT_FORMAT = 'HH24:MI:SS.FF3', DATE_OUTPUT_FORMAT = 'DD.MM.YYYY'");
  const { rows } = await query(c, "select '01:02:03.456'::time as tm, '2024-02-03'::date as d", { fetchAsString: ['Date'] });
  assert.equal(rows[0].TM, '01:02:03.456');
  assert.equal(rows[0].D, '03.02.2024');
  await query(c, 'alter session unset TIME_OUTPUT_FORMAT');
  const again = await query(c, "select '01:02:03.456'::time as tm");
  assert.equal(again.rows[0].TM, '01:02:03');
  await destroy(c);
});

test('JS_TREAT_INTEGER_AS_BIGINT returns integers as big integers', async () => {
  // Without it, a NUMBER(38,0) beyond 2^53 loses digits as a JS number.
  const plain = await query(conn, 'select 12345678901234567890::number(38,0) as big');
  assert.equal(typeof plain.rows[0].BIG, 'number');
  // The driver sends the option as a login session parameter and reads it
  // back from each result's parameters; integers then arrive as arbitrary-
  // precision integers (the driver's big-integer objects), exact.
  const c = await connect({ jsTreatIntegerAsBigInt: true });
  const { rows } = await query(c, 'select 12345678901234567890::number(38,0) as big, 1.5::number(3,1) as dec');
  assert.notEqual(typeof rows[0].BIG, 'number');
  assert.equal(rows[0].BIG.toString(), '12345678901234567890');
  assert.equal(rows[0].DEC, 1.5); // scale > 0 stays a number
  await destroy(c);
});

test('BINARY values (written by the Go test through gosnowflake) read as Buffers', async () => {
  const { rows } = await query(conn, 'select b from bin order by id');
  assert.ok(Buffer.isBuffer(rows[0].B));
  assert.ok(rows[0].B.equals(Buffer.from([0x00, 0xff, 0x61])), `got ${rows[0].B.toString('hex')}`);
  const { rows: s } = await query(conn, 'select b from bin order by id', { fetchAsString: ['Buffer'] });
  assert.equal(s[0].B, '00FF61'); // BINARY_OUTPUT_FORMAT HEX
});

test('an array bind is one statement: all rows or none', async () => {
  await query(conn, 'create or replace table arr(id int, name string)');
  const rows = [];
  for (let i = 0; i < 10000; i++) rows.push([i, 'n' + i]);
  const bad = rows.map((r) => r.slice());
  bad[9999][0] = 'not a number';
  await assert.rejects(query(conn, 'insert into arr values (?, ?)', { binds: bad }));
  let { rows: c } = await query(conn, 'select count(*) as c from arr');
  assert.equal(c[0].C, 0);
  const { rows: ins } = await query(conn, 'insert into arr values (?, ?)', { binds: rows });
  assert.equal(ins[0]['number of rows inserted'], 10000);
  ({ rows: c } = await query(conn, 'select count(*) as c, sum(id) as s from arr'));
  assert.deepEqual(c[0], { C: 10000, S: (9999 * 10000) / 2 });
});

test('a 100,000-row result arrives whole (rowset plus downloaded chunks)', async () => {
  await query(conn, 'create or replace table big(i int, s string)');
  const rows = [];
  for (let i = 0; i < 100000; i++) rows.push([i, 'row' + i]);
  await query(conn, 'insert into big values (?, ?)', { binds: rows });
  const stmt = conn.execute({ sqlText: 'select i, s from big order by i', streamResult: true });
  let n = 0;
  await new Promise((resolve, reject) => {
    stmt
      .streamRows()
      .on('data', (r) => {
        if (r.I !== n || r.S !== 'row' + n) reject(new Error(`row ${n}: ${JSON.stringify(r)}`));
        n++;
      })
      .on('error', reject)
      .on('end', resolve);
  });
  assert.equal(n, 100000);
});

test('multi-statement requests return each statement as a child result', async () => {
  const stmt = await new Promise((resolve, reject) => {
    const results = [];
    conn.execute({
      sqlText: 'create or replace table ms(x int); insert into ms values (1), (2); select sum(x) as s from ms',
      parameters: { MULTI_STATEMENT_COUNT: 3 },
      complete: function onDone(err, st, rows) {
        if (err) return reject(err);
        results.push(rows);
        if (st.hasNext()) st.NextResult();
        else resolve(results);
      },
    });
  });
  assert.equal(stmt.length, 3);
  assert.deepEqual(stmt[1], [{ 'number of rows inserted': 2 }]);
  assert.deepEqual(stmt[2], [{ S: 3 }]);
  // MULTI_STATEMENT_COUNT = 0 accepts any number of statements.
  const any = await query(conn, 'select 1 as a; select 2 as b', { parameters: { MULTI_STATEMENT_COUNT: 0 } });
  assert.deepEqual(any.rows, [{ A: 1 }]);
});

test('a statement count other than MULTI_STATEMENT_COUNT is error 000008', async () => {
  await assert.rejects(query(conn, 'select 1; select 2'), (err) => {
    assert.equal(err.code, '000008');
    assert.match(err.message, /Actual statement count 2 did not match the desired statement count 1\./);
    return true;
  });
});

test('asynchronous queries: status by query id, then the result', async () => {
  const { stmt } = await query(conn, 'select count(*) as c from big', { asyncExec: true });
  const queryId = stmt.getQueryId();
  assert.match(queryId, /^[0-9a-f-]{36}$/);
  let status;
  for (let i = 0; i < 100; i++) {
    status = await conn.getQueryStatus(queryId);
    if (!conn.isStillRunning(status)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(status, 'SUCCESS');
  const result = await conn.getResultsFromQueryId({ queryId });
  const rows = await new Promise((resolve, reject) => {
    const out = [];
    result.streamRows().on('data', (r) => out.push(r)).on('error', reject).on('end', () => resolve(out));
  });
  assert.deepEqual(rows, [{ C: 100000 }]);
});

test('cancel stops a running statement with 000604', async () => {
  const done = new Promise((resolve) => {
    const stmt = conn.execute({
      sqlText: 'select count(*) from big a, big b, big c',
      complete: (err) => resolve(err),
    });
    setTimeout(() => stmt.cancel(() => {}), 300);
  });
  const err = await done;
  assert.ok(err, 'the cross join finished instead of being canceled');
  assert.equal(err.code, '000604');
});

test('an asynchronous query is canceled by its query id', async () => {
  const { stmt } = await query(conn, 'select count(*) from big a, big b, big c', { asyncExec: true });
  const queryId = stmt.getQueryId();
  await new Promise((resolve, reject) => stmt.cancel((err) => (err ? reject(err) : resolve())));
  let status;
  for (let i = 0; i < 100; i++) {
    status = await conn.getQueryStatus(queryId);
    if (!conn.isStillRunning(status)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(conn.isAnError(status), `status after cancel: ${status}`);
  await assert.rejects(conn.getQueryStatusThrowIfError(queryId), /SQL execution canceled/);
});

test('PUT uploads a local file to a stage and LIST shows it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flurry-node-put-'));
  const file = path.join(dir, 'events.csv');
  fs.writeFileSync(file, '1,login\n2,logout\n');
  await query(conn, 'create or replace stage node_stage');
  const { rows: put } = await query(conn, `put file://${file} @node_stage/in`);
  assert.equal(put[0].status, 'UPLOADED');
  assert.equal(put[0].target, 'events.csv.gz');
  const { rows: list } = await query(conn, 'list @node_stage');
  assert.deepEqual(list.map((r) => r.name), ['node_stage/in/events.csv.gz']);
  await query(conn, 'create or replace table ev(id int, what string)');
  await query(conn, "copy into ev from @node_stage/in file_format = (type = csv)");
  const { rows } = await query(conn, 'select * from ev order by id');
  assert.deepEqual(rows, [{ ID: 1, WHAT: 'login' }, { ID: 2, WHAT: 'logout' }]);
  fs.rmSync(dir, { recursive: true, force: true });
});
