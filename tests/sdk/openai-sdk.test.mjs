// The official OpenAI SDK as a client of `aigw serve`, for each provider behind it: non-streaming,
// streaming through the SDK's strict .stream() helper (finalChatCompletion checks roles, finish reasons
// and tool call fields), and tool calls. Driven by run-openai-sdk.sh, which starts the gateway and a fake
// of the providers and passes AIGW_BASE_URL and AIGW_KEY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.env.AIGW_BASE_URL + '/v1', apiKey: process.env.AIGW_KEY, maxRetries: 0 });
const models = { openai: 'gpt-4o-mini', anthropic: 'claude-sonnet-4-5', gemini: 'gemini-2.5-flash' };
const messages = [{ role: 'user', content: 'Say hello' }];
const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];

for (const [provider, model] of Object.entries(models)) {
  test(`${provider}: chat.completions.create`, async () => {
    const r = await client.chat.completions.create({ model, messages });
    assert.equal(r.object, 'chat.completion');
    assert.equal(r.provider, provider);
    assert.equal(r.model, model);
    assert.ok(r.choices[0].message.content.length > 0);
    assert.equal(r.choices[0].finish_reason, 'stop');
    assert.ok(r.usage.prompt_tokens > 0 && r.usage.completion_tokens > 0);
    assert.equal(r.cost.currency, 'USD');
  });

  test(`${provider}: .stream() helper with usage`, async () => {
    const stream = client.chat.completions.stream({ model, messages, stream_options: { include_usage: true } });
    let text = '';
    stream.on('content', (delta) => { text += delta; });
    const final = await stream.finalChatCompletion();
    assert.ok(text.length > 0, 'content arrived as deltas');
    assert.equal(final.choices[0].message.role, 'assistant');
    assert.ok(final.choices[0].finish_reason);
    assert.ok(final.usage && final.usage.total_tokens > 0);
  });

  test(`${provider}: tool calls, plain and streamed`, async () => {
    const r = await client.chat.completions.create({ model, messages, tools });
    assert.equal(r.choices[0].finish_reason, 'tool_calls');
    const call = r.choices[0].message.tool_calls[0];
    assert.equal(call.type, 'function');
    assert.ok(call.id && call.function.name);
    JSON.parse(call.function.arguments);

    const stream = client.chat.completions.stream({ model, messages, tools });
    const final = await stream.finalChatCompletion();
    assert.equal(final.choices[0].finish_reason, 'tool_calls');
    const streamed = final.choices[0].message.tool_calls[0];
    assert.ok(streamed.id && streamed.function.name);
    JSON.parse(streamed.function.arguments || '{}');
  });
}

test('errors surface as typed SDK errors', async () => {
  const bad = new OpenAI({ baseURL: process.env.AIGW_BASE_URL + '/v1', apiKey: 'gw_nope', maxRetries: 0 });
  await assert.rejects(bad.chat.completions.create({ model: 'gpt-4o-mini', messages }),
    (e) => e instanceof OpenAI.AuthenticationError && e.status === 401);
  await assert.rejects(client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }),
    (e) => e instanceof OpenAI.BadRequestError && e.error && typeof e.error.message === 'string');
});
