// The seed's client library, @rails/actioncable, against broadcast-service's /v1/events/cable:
// proof that a client written for the seed works unchanged. Prints one JSON line per event
// (connected, rejected, received, disconnected) and exits after the given seconds.
//
//   node test/cable-client.mjs ws://localhost:8083/v1/events/cable?api_key=demo ClicksChannel 20
import { createConsumer, adapters } from '@rails/actioncable';
import WebSocket from 'ws';

// outside a browser: the WebSocket implementation, and the two window globals the library touches
adapters.WebSocket = WebSocket;
globalThis.addEventListener ??= () => {};
globalThis.removeEventListener ??= () => {};

const [url, channel = 'ClicksChannel', seconds = '20'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node test/cable-client.mjs <ws url> [channel] [seconds]');
  process.exit(2);
}
const print = (event, data) => console.log(JSON.stringify(data === undefined ? { event } : { event, data }));
const consumer = createConsumer(url);
consumer.subscriptions.create({ channel }, {
  connected: () => print('connected'),
  rejected: () => print('rejected'),
  disconnected: () => print('disconnected'),
  received: (data) => print('received', data),
});
setTimeout(() => {
  consumer.disconnect();
  process.exit(0);
}, Number(seconds) * 1000);
