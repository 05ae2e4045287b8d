import { Server } from "@hocuspocus/server";
import { SQLite } from "@hocuspocus/extension-sqlite";

// The Hocuspocus reference for `npm run bench`: its server with its SQLite extension, as
// people would run it. Prints its port once it listens; DB_FILE names the database.
const server = new Server({
  port: Number(process.env.PORT),
  address: "127.0.0.1",
  quiet: true,
  extensions: [new SQLite({ database: process.env.DB_FILE ?? ":memory:" })],
});
await server.listen();
console.log(`listening on ${server.address.port}`);
