'use strict';
// Minimal Node.js bootstrap for the Lambda Runtime API (2018-06-01): loads the handler named by
// _HANDLER ("file.export") from LAMBDA_TASK_ROOT, then loops: next invocation, call, post result.
// Only what the benchmark needs; the managed runtime does more (logging format, X-Ray, signals).
const http = require('http');
const path = require('path');

const [runtimeHost, runtimePort] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const API = '/2018-06-01/runtime';

function call(method, urlPath, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: runtimeHost, port: Number(runtimePort), method, path: urlPath, agent, headers },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
    req.on('error', reject);
    req.end(body);
  });
}

function post(urlPath, payload, headers) {
  const body = JSON.stringify(payload === undefined ? null : payload);
  return call('POST', urlPath, body, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
}

function errorPayload(error) {
  return {
    errorType: (error && error.name) || 'Error',
    errorMessage: (error && error.message) || String(error),
    stackTrace: error && error.stack ? String(error.stack).split('\n') : [],
  };
}

function loadHandler() {
  const [moduleName, exportName] = process.env._HANDLER.split('.');
  const module = require(path.join(process.env.LAMBDA_TASK_ROOT, moduleName));
  const handler = module[exportName];
  if (typeof handler !== 'function') {
    throw new Error(`handler ${process.env._HANDLER} is not a function; exports: ${Object.keys(module)}`);
  }
  return handler;
}

function contextFor(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME;
  return {
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    functionName,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION || '$LATEST',
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE || '128',
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME || `/aws/lambda/${functionName}`,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME || 'bench/local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

async function main() {
  let handler;
  try {
    handler = loadHandler();
  } catch (error) {
    await post(`${API}/init/error`, errorPayload(error), { 'Lambda-Runtime-Function-Error-Type': 'Runtime.ImportModuleError' });
    process.exit(1);
  }
  for (;;) {
    const next = await call('GET', `${API}/invocation/next`);
    const requestId = next.headers['lambda-runtime-aws-request-id'];
    try {
      const result = await handler(JSON.parse(next.body), contextFor(next.headers));
      await post(`${API}/invocation/${requestId}/response`, result);
    } catch (error) {
      await post(`${API}/invocation/${requestId}/error`, errorPayload(error), { 'Lambda-Runtime-Function-Error-Type': 'Unhandled' });
    }
  }
}

main().catch((error) => {
  console.error('bootstrap failed', error);
  process.exit(1);
});
