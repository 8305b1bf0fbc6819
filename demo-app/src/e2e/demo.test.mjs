// The demo's pages in a real Chromium, driven by Playwright, against the demo's jar on a free port:
// what a person does on each page, and what they see. Run by run.sh, which says what it needs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, openSync, readFileSync } from "node:fs";
import net from "node:net";
import { chromium } from "playwright-core";

const JAR = required("DEMO_JAR");
const JAVA = process.env.JAVA || "java";
// Screenshots of the pages, and the demo's log.
const SCREENSHOTS = required("SCREENSHOTS");
// Short, so that the echo page shows the server's timeout push within the test.
const ECHO_TIMEOUT = "2s";
// One socket per HTTP session, so that a second page of one browser meets the limit.
const PER_SESSION = "1";
const CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let port;
let server;
let browser;
const consoleErrors = [];
// While the demo is down or the browser offline on purpose, the browser reports each failed reconnection attempt.
let connectionsFailOnPurpose = false;

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(name + " is not set: run the tests with demo-app/src/e2e/run.sh");
  return value;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
}

const url = (path) => "http://localhost:" + port + path;

async function startServer() {
  const output = openSync(SCREENSHOTS + "/demo.log", "a");
  server = spawn(JAVA, ["-jar", JAR, "--server.port=" + port, "--demo.echo.timeout=" + ECHO_TIMEOUT,
    "--csp.websocket.limits.per-session=" + PER_SESSION,
    "--spring.main.banner-mode=off"], { stdio: ["ignore", output, output] });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url("/me"))).ok) return;
    }
    catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("The demo did not start within 90 s");
}

// A graceful stop, as on a deployment: Spring closes every socket with 1001 before it exits.
async function stopServer() {
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
}

// A page whose console errors and uncaught exceptions count against the demo.
async function open(context, path, base = url) {
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error" && !(connectionsFailOnPurpose && message.text().includes("WebSocket connection to"))) {
      consoleErrors.push(path + ": " + message.text());
    }
  });
  page.on("pageerror", (error) => consoleErrors.push(path + ": " + error.message));
  await page.goto(base(path));
  return page;
}

// A TCP proxy in front of the demo whose connections the test cuts, as a network does: both ends see a reset,
// neither a close frame. Pages loaded through it reach the demo through it, on an origin of their own.
async function cuttableProxy() {
  const connections = new Set();
  const proxy = net.createServer((client) => {
    const demo = net.connect(port, "localhost");
    for (const [from, to] of [[client, demo], [demo, client]]) {
      connections.add(from);
      from.pipe(to);
      from.on("error", () => to.destroy());
      from.on("close", () => {
        connections.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise((resolve) => proxy.listen(0, resolve));
  return {
    url: (path) => "http://localhost:" + proxy.address().port + path,
    cut: () => connections.forEach((connection) => connection.resetAndDestroy()),
    // The browser keeps idle HTTP connections open, which would hold a plain close() forever.
    close: () => new Promise((resolve) => {
      proxy.close(resolve);
      connections.forEach((connection) => connection.destroy());
    }),
  };
}

async function shot(page, name) {
  await page.screenshot({ path: SCREENSHOTS + "/" + name + ".png", fullPage: true });
}

const state = (page) => page.locator("#state");
const log = (page) => page.locator("#log");

async function connect(page) {
  await page.click("#connect");
  await assertText(state(page), "1 OPEN");
}

async function send(page, text) {
  await page.fill("#message", text);
  await page.press("#message", "Enter");
}

// Through the demo's login page, on a page of its own.
async function logIn(context) {
  const login = await open(context, "/login.html");
  await login.fill("#username", "demo");
  await login.fill("#password", "demo");
  await Promise.all([login.waitForURL(url("/")), login.click("button[type=submit]")]);
  await login.close();
}

// A page of the application that is only a script, as the docs' examples are: on the demo's origin, like the
// demo's own pages, so that its handshakes are same-origin and it loads the client from the starter.
async function openScript(context, html) {
  const page = await open(context, "/login.html");
  await page.setContent(html);
  return page;
}

async function assertText(locator, text) {
  await locator.filter({ hasText: text }).first().waitFor();
}

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  port = await freePort();
  await startServer();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_FLAGS });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) await stopServer();
});

test("the echo page echoes, shows the server's push when its read times out, and exit closes it with 1000", async () => {
  const context = await browser.newContext();
  const page = await open(context, "/echo.html");
  await connect(page);
  assert.equal(await page.textContent("#protocol"), "chat");
  assert.equal(await page.textContent("#buffered"), "0");
  await send(page, "hello, server");
  await assertText(log(page).locator(".out"), "→ hello, server");
  await assertText(log(page).locator(".in"), "← hello, server");
  // Nothing sent for the read's timeout: the server pushes.
  await assertText(log(page).locator(".push"), "← Server timed-out at ");
  await shot(page, "echo");
  await send(page, "exit");
  await assertText(log(page).locator(".closed"), "closed 1000");
  await assertText(state(page), "3 CLOSED");
  assert.equal(await page.isDisabled("#send"), true);
  await context.close();
});

test("two chat pages exchange messages, and a broadcast from outside reaches both", async () => {
  const contexts = [await browser.newContext(), await browser.newContext()];
  const [ada, grace] = await Promise.all(contexts.map((context) => open(context, "/chat.html")));
  await ada.fill("#name", "ada");
  await grace.fill("#name", "grace");
  await connect(ada);
  await connect(grace);
  await assertText(log(ada).locator(".in"), "grace joined");
  await send(ada, "are you there?");
  await assertText(log(grace).locator(".in"), "ada: are you there?");
  await send(grace, "here, in another tab");
  await assertText(log(ada).locator(".in"), "grace: here, in another tab");
  // Posted from elsewhere without the CSRF token, as another site's page would: refused. As the
  // administrator's page script: delivered.
  const forged = await fetch(url("/chat/broadcast"), { method: "POST", headers: { "Content-Type": "text/plain" },
    body: "Buy now" });
  assert.equal(forged.status, 403);
  const admin = await browser.newContext();
  await logIn(admin);
  const adminPage = await open(admin, "/");
  const delivery = await adminPage.evaluate(async () => {
    const response = await fetch("/chat/broadcast", { method: "POST", body: "Maintenance at noon, for everyone",
      headers: { "Content-Type": "text/plain", "X-XSRF-TOKEN": csrfToken() } });
    return response.json();
  });
  assert.deepEqual(delivery, { delivered: 2, failed: 0, everywhere: true });
  await admin.close();
  await assertText(log(ada).locator(".in"), "Maintenance at noon, for everyone");
  await assertText(log(grace).locator(".in"), "Maintenance at noon, for everyone");
  await shot(ada, "chat-ada");
  await grace.click("#disconnect");
  await assertText(log(ada).locator(".in"), "grace left");
  await shot(grace, "chat-grace");
  await Promise.all(contexts.map((context) => context.close()));
});

test("the status page lists the open sockets, charts them live, and its Close closes the right client with 1008", async () => {
  // Two people on the echo page, each with a session of their own; three messages from the first, one from
  // the second, which tells their rows apart.
  const first = await open(await browser.newContext(), "/echo.html");
  const second = await open(await browser.newContext(), "/echo.html");
  await connect(first);
  await connect(second);
  for (const text of ["one", "two", "three"]) {
    await send(first, text);
    await assertText(log(first).locator(".in"), "← " + text);
  }
  await send(second, "only one");
  await assertText(log(second).locator(".in"), "← only one");

  const admin = await browser.newContext();
  await logIn(admin);
  const status = await open(admin, "/status.html");
  const echoRows = status.locator("#sockets tr", { hasText: "MyApp.MyWebSocketServer" });
  // By the messages in: the server's timeout pushes add to the messages out.
  const rowOf = (messagesIn) => echoRows.filter({ has: status.locator("td.messages", { hasText: new RegExp("^" + messagesIn + " / ") }) });
  await rowOf(3).waitFor();
  await rowOf(1).waitFor();
  // The live charts, from the meters: at least these two sockets open, and a line of samples.
  await status.waitForFunction(() => Number(document.getElementById("open-now").textContent) >= 2);
  await status.waitForFunction(
      () => document.querySelector("#open-chart polyline").getAttribute("points").split(" ").length >= 2);
  // Every column in view in a 1280-pixel window, with no sideways scrolling.
  await status.setViewportSize({ width: 1280, height: 800 });
  assert.equal(await status.$eval(".table", (table) => table.scrollWidth <= table.clientWidth), true);
  await shot(status, "status");
  await rowOf(3).locator("button", { hasText: "Close" }).click();
  await assertText(status.locator("#message"), "Closed ");
  // A close that means "do not come back": the page stays closed and says why.
  await assertText(log(first).locator(".closed"), "closed 1008 Closed by administrator (for good)");
  await assertText(state(first), "3 CLOSED");
  // The other client is untouched, and its row stays while the closed one goes.
  await send(second, "still here");
  await assertText(log(second).locator(".in"), "← still here");
  assert.equal(await state(second).textContent(), "1 OPEN");
  await rowOf(3).waitFor({ state: "detached" });
  assert.equal(await echoRows.count(), 1);
  await shot(first, "echo-closed-by-administrator");
  await admin.close();
  await first.context().close();
  await second.context().close();
});

test("the notepad asks for a login, then runs as the user, and closes with 1008 when the user logs out", async () => {
  const context = await browser.newContext();
  const notepad = await open(context, "/notepad.html");
  await assertText(log(notepad).locator(".sys"), "log in first");
  assert.equal(await notepad.isDisabled("#connect"), true);
  await logIn(context);
  await notepad.reload();
  await connect(notepad);
  await assertText(log(notepad).locator(".in"), "Hello, demo (Spring Security sees demo). Your note: (none yet)");
  await send(notepad, "buy milk");
  await assertText(log(notepad).locator(".in"), "Saved in your HTTP session: buy milk");
  await shot(notepad, "notepad");
  // The header's Log out, on another page of the same browser.
  const other = await open(context, "/");
  await other.locator("header .account a", { hasText: "Log out" }).waitFor();
  await Promise.all([other.waitForURL(url("/")), other.click("header .account a")]);
  await other.locator("header .account a", { hasText: "Log in" }).waitFor();
  await assertText(log(notepad).locator(".closed"), "closed 1008 HTTP session ended");
  await context.close();
});

test("a server restart shows every page the 1001 close, and the pages come back by themselves afterwards, the chat back in its room", async () => {
  const echo = await open(await browser.newContext(), "/echo.html");
  const chat = await open(await browser.newContext(), "/chat.html");
  await connect(echo);
  await connect(chat);
  connectionsFailOnPurpose = true;
  await stopServer();
  await assertText(log(echo).locator(".closed"), "closed 1001 Server shutting down");
  await assertText(log(chat).locator(".closed"), "closed 1001 Server shutting down");
  await assertText(log(echo).locator(".reconnecting"), "reconnecting in");
  await shot(echo, "echo-server-restart");
  await startServer();
  // Within the pages' back-off, at most 5 s, of the demo being back.
  await log(echo).locator(".reconnected").first().waitFor({ timeout: 60_000 });
  connectionsFailOnPurpose = false;
  await assertText(state(echo), "1 OPEN");
  await send(echo, "back again");
  await assertText(log(echo).locator(".in"), "← back again");
  await log(chat).locator(".reconnected").first().waitFor({ timeout: 60_000 });
  await assertText(state(chat), "1 OPEN");
  // The chat rejoined by reconnecting: its messages reach the room again.
  await send(chat, "back in the chat");
  await assertText(log(chat).locator(".in"), "back in the chat");
  await echo.context().close();
  await chat.context().close();
});

test("a page written from the docs alone connects, comes back after a restart and rejoins, and stays closed after a 1008", async () => {
  // The first example of docs/javascript-client.md, as it is there.
  const docs = readFileSync(new URL("../../../docs/javascript-client.md", import.meta.url), "utf8");
  const example = /```html\n([^]*?)```/.exec(docs)[1];
  const context = await browser.newContext();
  // Waits for the page to log text; called before what makes it log, so that it cannot miss it.
  const logs = (text) => context.waitForEvent("console", { predicate: (message) => message.text() === text, timeout: 60_000 });
  const joined = logs("guest joined");
  await openScript(context, example);
  await joined;
  const rejoined = logs("guest: rejoined");
  connectionsFailOnPurpose = true;
  await stopServer();
  await startServer();
  // Its reconnected handler's message reaches the room again.
  await rejoined;
  connectionsFailOnPurpose = false;
  const admin = await browser.newContext();
  await logIn(admin);
  const status = await open(admin, "/status.html");
  const closed = logs("closed for good: 1008 Closed by administrator");
  await status.locator("#sockets tr", { hasText: "MyApp.ChatServer" }).locator("button", { hasText: "Close" }).click();
  await closed;
  await admin.close();
  await context.close();
});

test("a page taken offline comes back as soon as the browser is online again, not when its back-off ends", async () => {
  const context = await browser.newContext();
  // A back-off without jitter, so that the attempt pending when the browser comes back waits 16 s.
  const page = await openScript(context, `<script type="module">
    import { CspWebSocket } from "/csp-websocket/client.js";
    window.events = [];
    const chat = new CspWebSocket("/csp/user/MyApp.ChatServer.cls", { minDelay: 2000, factor: 4, maxDelay: 60000, random: () => 0.5 });
    for (const type of ["open", "message", "close", "reconnecting", "reconnected"]) {
      chat.addEventListener(type, (event) => window.events.push({ type, at: Date.now(), code: event.code, ...event.detail }));
    }
  </script>`);
  const eventsOf = (type) => page.evaluate((type) => window.events.filter((event) => event.type === type), type);
  await page.waitForFunction(() => window.events.some((event) => event.type === "message"));
  // Chromium's offline mode keeps open sockets open; a restart drops this one while the browser is offline, and
  // every attempt to come back fails until it is online again.
  connectionsFailOnPurpose = true;
  await context.setOffline(true);
  await stopServer();
  await page.waitForFunction(() => window.events.some((event) => event.type === "close" && event.code === 1001));
  await startServer();
  await page.waitForFunction(() => window.events.some((event) => event.type === "reconnecting" && event.delay === 16000),
    null, { timeout: 60_000 });
  const pending = (await eventsOf("reconnecting")).at(-1);
  const onlineAt = await page.evaluate(() => Date.now());
  await context.setOffline(false);
  await page.waitForFunction(() => window.events.some((event) => event.type === "reconnected"), null, { timeout: 60_000 });
  connectionsFailOnPurpose = false;
  const [reconnected] = await eventsOf("reconnected");
  assert.equal(reconnected.attempt, pending.attempt, "no attempt failed after the browser came back");
  assert.ok(reconnected.at - onlineAt < 3000, "reconnected " + (reconnected.at - onlineAt) + " ms after coming online");
  assert.ok(reconnected.at < pending.at + pending.delay, "reconnected before the pending attempt's back-off ended");
  // And it works: the chat says it joined again.
  await page.waitForFunction(() => window.events.filter((event) => event.type === "message").length >= 2);
  await context.close();
});

test("a chat page whose connection is cut while the browser is offline resumes the same socket once online, and misses nothing said meanwhile", async () => {
  const proxy = await cuttableProxy();
  const context = await browser.newContext();
  const ada = await open(context, "/chat.html", proxy.url);
  const grace = await open(await browser.newContext(), "/chat.html");
  await ada.fill("#name", "ada");
  await grace.fill("#name", "grace");
  await connect(ada);
  await connect(grace);
  await assertText(log(ada).locator(".in"), "grace joined");
  connectionsFailOnPurpose = true;
  await context.setOffline(true);
  proxy.cut();
  await assertText(log(ada).locator(".closed"), "closed 1006");
  // Said while ada is away: the server keeps it for her socket.
  for (const text of ["one", "two", "three"]) {
    await send(grace, text);
    await assertText(log(grace).locator(".in"), "grace: " + text);
  }
  await context.setOffline(false);
  await assertText(log(ada).locator(".resumed"), "resumed the same socket: nothing was lost");
  connectionsFailOnPurpose = false;
  await send(ada, "back");
  await assertText(log(grace).locator(".in"), "ada: back");
  // Everything said in the room, once and in order; and for grace, ada never left nor joined again.
  const heard = async (page) => (await log(page).locator(".in").allTextContents()).map((line) => line.split("← ")[1]);
  assert.deepEqual((await heard(ada)).filter((line) => line.startsWith("grace")),
    ["grace joined", "grace: one", "grace: two", "grace: three"]);
  assert.deepEqual((await heard(grace)).filter((line) => line.startsWith("ada")), ["ada: back"]);
  await shot(ada, "chat-resumed");
  await proxy.close();
  await context.close();
  await grace.context().close();
});

test("a page over a limit hears 1013 with the delay, and comes back no sooner than that, once there is room", async () => {
  const context = await browser.newContext();
  const first = await open(context, "/echo.html");
  await connect(first);
  // The same browser, so the same HTTP session, whose one socket is taken.
  const second = await open(context, "/echo.html");
  await second.click("#connect");
  await assertText(log(second).locator(".closed"), "closed 1013 Try again in 5 s");
  const refusedAt = Date.now();
  const delay = await log(second).locator(".reconnecting").first().textContent();
  assert.ok(Number(/reconnecting in ([0-9.]+) s/.exec(delay)[1]) >= 5, delay);
  await first.click("#disconnect");
  await log(second).locator(".reconnected").first().waitFor({ timeout: 60_000 });
  assert.ok(Date.now() - refusedAt >= 5000, "came back after " + (Date.now() - refusedAt) + " ms");
  await assertText(state(second), "1 OPEN");
  await shot(second, "echo-try-again-later");
  await context.close();
});

test("no page logged an error to the browser's console", () => {
  assert.deepEqual(consoleErrors, []);
});
