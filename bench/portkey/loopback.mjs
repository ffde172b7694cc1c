// Preloaded into Portkey's gateway by bench/run (node --import): its start-server.js listens on every
// interface; the benchmark must only ever listen on loopback, so every listen(port) becomes
// listen({port, host: '127.0.0.1'}).
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
    const first = args[0];
    const callback = args.find((a) => typeof a === 'function');
    if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first)))
        return listen.call(this, { port: Number(first), host: '127.0.0.1' }, callback);
    if (first && typeof first === 'object' && first.path === undefined)
        return listen.call(this, { ...first, host: '127.0.0.1' }, callback);
    return listen.apply(this, args);
};
