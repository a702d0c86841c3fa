'use strict';
// Azure IoT Hub's Node.js service SDK (azure-iothub 1.16.6) against a devstreams hub on port 443,
// the port the SDK assumes. Run by AzureNodeSdkIT with DEVSTREAMS_CONNECTION_STRING (the hub's
// owner connection string, HostName=localhost) and NODE_EXTRA_CA_CERTS (the hub's certificate).
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { Registry } = require('azure-iothub');
const errors = require('azure-iothub/dist/common-core/errors.js');

const connectionString = process.env.DEVSTREAMS_CONNECTION_STRING;
assert.ok(connectionString, 'set DEVSTREAMS_CONNECTION_STRING to the hub owner connection string');
const registry = Registry.fromConnectionString(connectionString);
const run = crypto.randomBytes(4).toString('hex');
const id = (name) => `node-${run}-${name}`;
const key = () => crypto.randomBytes(32).toString('base64');
const thumbprint = () => crypto.randomBytes(32).toString('hex').toUpperCase();

async function rejectsWith(promise, type, pattern) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${err && err.name}: ${err && err.message}`);
    if (pattern) assert.match(err.message, pattern);
    return true;
  });
}

test('create without keys: the hub generates both, as Azure does', async () => {
  const { responseBody: device } = await registry.create({ deviceId: id('nokeys'), status: 'enabled' });
  const keys = device.authentication.symmetricKey;
  assert.equal(device.deviceId, id('nokeys'));
  assert.equal(device.authentication.type, 'sas');
  assert.ok(Buffer.from(keys.primaryKey, 'base64').length >= 16, 'primary key generated');
  assert.ok(Buffer.from(keys.secondaryKey, 'base64').length >= 16, 'secondary key generated');
  assert.notEqual(keys.primaryKey, keys.secondaryKey);
  assert.ok(device.etag, 'an etag');
});

test('create with keys keeps them', async () => {
  const primaryKey = key();
  const secondaryKey = key();
  const { responseBody: device } = await registry.create({
    deviceId: id('keys'),
    authentication: { symmetricKey: { primaryKey, secondaryKey } },
  });
  assert.deepEqual(device.authentication.symmetricKey, { primaryKey, secondaryKey });
});

test('create with X.509 thumbprints makes a selfSigned device', async () => {
  const primaryThumbprint = thumbprint();
  const secondaryThumbprint = thumbprint();
  const { responseBody: device } = await registry.create({
    deviceId: id('x509'),
    authentication: { x509Thumbprint: { primaryThumbprint, secondaryThumbprint } },
  });
  assert.equal(device.authentication.type, 'selfSigned');
  assert.deepEqual(device.authentication.x509Thumbprint, { primaryThumbprint, secondaryThumbprint });
});

test('get returns the device with its etag', async () => {
  const { responseBody: created } = await registry.create({ deviceId: id('get') });
  const { responseBody: device, httpResponse } = await registry.get(id('get'));
  assert.equal(device.deviceId, id('get'));
  assert.equal(device.etag, created.etag);
  assert.equal(device.status, 'enabled');
  assert.equal(device.connectionState, 'Disconnected');
  assert.equal(httpResponse.statusCode, 200);
});

test('list returns the devices', async () => {
  await registry.create({ deviceId: id('list') });
  const { responseBody: devices } = await registry.list();
  assert.ok(Array.isArray(devices));
  assert.ok(devices.some((d) => d.deviceId === id('list')), 'the created device is listed');
});

test('update without an etag: If-Match "*" replaces any version and keeps the keys', async () => {
  const { responseBody: created } = await registry.create({ deviceId: id('update') });
  const { responseBody: updated } = await registry.update({
    deviceId: id('update'),
    status: 'disabled',
    statusReason: 'maintenance',
  });
  assert.equal(updated.status, 'disabled');
  assert.equal(updated.statusReason, 'maintenance');
  assert.notEqual(updated.etag, created.etag);
  assert.deepEqual(updated.authentication.symmetricKey, created.authentication.symmetricKey);
});

test('update of a device read with get (its etag in the body) changes it', async () => {
  await registry.create({ deviceId: id('update-got') });
  const { responseBody: device } = await registry.get(id('update-got'));
  device.status = 'disabled';
  const newKey = key();
  device.authentication.symmetricKey.secondaryKey = newKey;
  const { responseBody: updated } = await registry.update(device);
  assert.equal(updated.status, 'disabled');
  assert.equal(updated.authentication.symmetricKey.secondaryKey, newKey);
  assert.equal(updated.authentication.symmetricKey.primaryKey, device.authentication.symmetricKey.primaryKey);
});

// Registry.update and Registry.delete always send If-Match "*"; a conditional write with a real
// etag goes through the SDK's own REST client, as its module and configuration calls do.
function putIfMatch(deviceId, etag, body) {
  return new Promise((resolve, reject) => {
    registry._restApiClient.executeApiCall(
      'PUT',
      `/devices/${encodeURIComponent(deviceId)}?api-version=2021-04-12`,
      { 'Content-Type': 'application/json; charset=utf-8', 'If-Match': `"${etag}"` },
      body,
      (err, result) => (err ? reject(err) : resolve(result)));
  });
}

test('update with the current etag succeeds; with a stale one it is InvalidEtagError (412)', async () => {
  const { responseBody: created } = await registry.create({ deviceId: id('etag') });
  const updated = await putIfMatch(id('etag'), created.etag, { deviceId: id('etag'), status: 'disabled' });
  assert.equal(updated.status, 'disabled');
  await rejectsWith(
    putIfMatch(id('etag'), created.etag, { deviceId: id('etag'), status: 'enabled' }),
    errors.InvalidEtagError);
  const { responseBody: after } = await registry.get(id('etag'));
  assert.equal(after.status, 'disabled', 'the stale write changed nothing');
});

test('delete removes the device; get then fails with DeviceNotFoundError (404)', async () => {
  await registry.create({ deviceId: id('delete') });
  const { httpResponse } = await registry.delete(id('delete'));
  assert.equal(httpResponse.statusCode, 204);
  await rejectsWith(registry.get(id('delete')), errors.DeviceNotFoundError, /not found/);
  await rejectsWith(registry.delete(id('delete')), errors.DeviceNotFoundError);
});

test('creating an existing id fails with DeviceAlreadyExistsError (409)', async () => {
  await registry.create({ deviceId: id('twice') });
  await rejectsWith(registry.create({ deviceId: id('twice') }), errors.DeviceAlreadyExistsError);
});

test('a bad request is an ArgumentError (400) with the hub reason', async () => {
  await rejectsWith(
    registry.create({ deviceId: id('badkey'), authentication: { symmetricKey: { primaryKey: 'c2hvcnQ=' } } }),
    errors.ArgumentError,
    /primaryKey must decode to 16 to 64 bytes/);
});

test('a wrong key is an UnauthorizedError (401)', async () => {
  const wrong = connectionString.replace(/SharedAccessKey=[^;]+/, `SharedAccessKey=${key()}`);
  await rejectsWith(Registry.fromConnectionString(wrong).get(id('get')), errors.UnauthorizedError);
});

test('query pages through devices filtered on status, with continuation', async () => {
  for (const n of [1, 2, 3]) {
    await registry.create({ deviceId: id(`query-${n}`), status: 'disabled', statusReason: run });
  }
  const query = registry.createQuery(
    `SELECT * FROM devices WHERE status = 'disabled' AND connectionState = 'Disconnected'`, 2);
  const seen = [];
  let pages = 0;
  while (query.hasMoreResults) {
    const { result } = await query.nextAsTwin();
    pages++;
    for (const twin of result) seen.push(twin.deviceId);
  }
  const ours = seen.filter((d) => d.startsWith(id('query-')));
  assert.deepEqual(ours, [id('query-1'), id('query-2'), id('query-3')]);
  assert.ok(pages >= 2, `pages of 2 (got ${pages} pages for ${seen.length} twins)`);
  assert.ok(!seen.includes(id('nokeys')), 'enabled devices are not selected');
});

test('a query in a part of the language the hub does not support is an ArgumentError', async () => {
  const query = registry.createQuery('SELECT deviceId FROM devices');
  await rejectsWith(query.next(), errors.ArgumentError, /only SELECT \* is supported/);
});
