'use strict';
// A minimal Node.js bootstrap for the Lambda Runtime API (2018-06-01): loads the handler named by
// _HANDLER ("file.export") from LAMBDA_TASK_ROOT, then loops: next invocation, call, post result.
// The managed runtime does more (log format, X-Ray, signals); the benchmark needs only this, and
// the ResponseURL's port below.
const http = require('http');
const https = require('https');
const path = require('path');

// The CDK's handler PUTs to the ResponseURL's host without the URL's port, that is to 443: send
// it to the port of the event's ResponseURL, so that the local ResponseURL needs no privileged port.
let responseUrl;
const httpsRequest = https.request;
https.request = (options, ...rest) =>
  httpsRequest(
    responseUrl && options.hostname === responseUrl.hostname && !options.port
      ? { ...options, port: responseUrl.port } : options,
    ...rest);

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const API = '/2018-06-01/runtime';

function call(method, urlPath, payload, headers = {}) {
  const body = payload === undefined ? undefined : JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host, port: Number(port), method, path: urlPath, agent,
        headers: body === undefined ? headers : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers } },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
    req.on('error', reject);
    req.end(body);
  });
}

const errorPayload = (error) => ({
  errorType: (error && error.name) || 'Error',
  errorMessage: (error && error.message) || String(error),
  stackTrace: error && error.stack ? String(error.stack).split('\n') : [],
});

function context(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  return {
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

async function main() {
  let handler;
  try {
    const [file, name] = process.env._HANDLER.split('.');
    handler = require(path.join(process.env.LAMBDA_TASK_ROOT, file))[name];
  } catch (error) {
    await call('POST', `${API}/init/error`, errorPayload(error), { 'Lambda-Runtime-Function-Error-Type': 'Runtime.ImportModuleError' });
    process.exit(1);
  }
  for (;;) {
    const next = await call('GET', `${API}/invocation/next`);
    const id = next.headers['lambda-runtime-aws-request-id'];
    try {
      const event = JSON.parse(next.body);
      responseUrl = event.ResponseURL ? new URL(event.ResponseURL) : undefined;
      const result = await handler(event, context(next.headers));
      await call('POST', `${API}/invocation/${id}/response`, result === undefined ? null : result);
    } catch (error) {
      await call('POST', `${API}/invocation/${id}/error`, errorPayload(error), { 'Lambda-Runtime-Function-Error-Type': 'Unhandled' });
    }
  }
}

main().catch((error) => {
  console.error('bootstrap failed', error);
  process.exit(1);
});
