// What the demo's pages share: the header, the account, and a socket with its controls and log.
"use strict";

const $ = (id) => document.getElementById(id);

const READY_STATES = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];

// The seed's client: ws or wss from the page's protocol.
function socketUrl(path) {
  return ((window.location.protocol === "https:") ? "wss:" : "ws:") + "//" + window.location.host + path;
}

// Who is logged in: { name, admin }, name null when nobody is.
async function account() {
  const response = await fetch("/me", { headers: { "Accept": "application/json" } });
  return response.json();
}

// The header of every page, with the current page marked and the login state at the right.
async function header(active) {
  const pages = [["/", "Demo"], ["/echo.html", "Echo"], ["/chat.html", "Chat"], ["/notepad.html", "Notepad"],
    ["/status.html", "Status"]];
  const nav = document.createElement("nav");
  pages.forEach(([href, name], index) => {
    const link = document.createElement("a");
    link.href = href;
    link.textContent = (index === 0) ? "CSP WebSockets" : name;
    if (index === 0) link.className = "brand";
    if (href === active) link.classList.add("active");
    nav.appendChild(link);
  });
  const user = document.createElement("span");
  user.className = "account";
  nav.appendChild(user);
  const bar = document.createElement("header");
  bar.appendChild(nav);
  document.body.prepend(bar);
  const me = await account();
  const link = document.createElement("a");
  link.href = me.name ? "/" : "/login.html";
  link.textContent = me.name ? "Log out" : "Log in";
  if (me.name) {
    link.onclick = async (event) => {
      event.preventDefault();
      await fetch("/logout", { method: "POST", headers: { "X-XSRF-TOKEN": csrfToken() } });
      window.location.href = "/";
    };
  }
  user.replaceChildren(me.name ? "Logged in as " + me.name + " · " : "", link);
  return me;
}

// The CSRF token Spring Security keeps in the XSRF-TOKEN cookie, for the X-XSRF-TOKEN header of a POST or DELETE.
function csrfToken() {
  const cookie = document.cookie.split("; ").find((each) => each.startsWith("XSRF-TOKEN="));
  return cookie ? decodeURIComponent(cookie.substring("XSRF-TOKEN=".length)) : "";
}

// A log of what goes out, comes in and happens, each line with its time.
function logTo(element) {
  return (kind, text, extra) => {
    const line = document.createElement("div");
    line.className = kind + (extra ? " " + extra : "");
    const time = document.createElement("span");
    time.className = "time";
    time.textContent = new Date().toLocaleTimeString();
    const arrow = { in: "← ", out: "→ ", sys: "• " }[kind] || "";
    line.append(time, arrow + text);
    element.appendChild(line);
    element.scrollTop = element.scrollHeight;
    return line;
  };
}

// One socket and its controls: Connect/Disconnect buttons, message input, Send, and the live
// readyState, bufferedAmount and subprotocol. options: url, protocols, log, outgoing(text),
// onMessage(data), onRefused, showOut, mayConnect() (whether Connect is offered), onReconnected(),
// resume (the server is resumable: a dropped connection comes back to the same socket).
// The socket is the starter's client (/csp-websocket/client.js): it comes back by itself after a
// restart or a dropped network, with back-off, and stays closed on a close that means "do not
// come back" (1000, 1008, ...).
function socketPanel(ids, options) {
  let ws = null;
  let opened = false;
  const log = options.log;
  function show() {
    const state = ws ? ws.readyState : WebSocket.CLOSED;
    $(ids.state).textContent = state + " " + READY_STATES[state];
    if (ids.buffered) $(ids.buffered).textContent = ws ? ws.bufferedAmount : 0;
    if (ids.protocol) $(ids.protocol).textContent = (ws && ws.protocol) ? ws.protocol : "-";
    const open = state === WebSocket.OPEN;
    $(ids.connect).disabled = (ws !== null && state < WebSocket.CLOSING) || (options.mayConnect && !options.mayConnect());
    $(ids.disconnect).disabled = !open;
    $(ids.input).disabled = !open;
    $(ids.send).disabled = !open;
  }
  // readyState and bufferedAmount change without events: show them as they are.
  setInterval(show, 100);
  $(ids.connect).onclick = () => {
    // A function when the URL depends on what is on the page when connecting.
    const url = (typeof options.url === "function") ? options.url() : options.url;
    opened = false;
    log("sys", "connecting to " + url);
    import("/csp-websocket/client.js").then(({ CspWebSocket }) => {
      // A demo restarts in seconds: come back within 5 s of it, not the default 30.
      ws = new CspWebSocket(url, { protocols: options.protocols || [], maxDelay: 5000, resume: options.resume === true });
      ws.onopen = () => {
        opened = true;
        log("sys", "open" + (ws.protocol ? ", subprotocol " + ws.protocol : ""));
        show();
      };
      ws.onmessage = (event) => options.onMessage(event.data);
      ws.onclose = (event) => {
        log("sys", (!opened && options.onRefused && !event.willReconnect) ? options.onRefused
            : "closed " + event.code + (event.reason ? " " + event.reason : "")
              + (event.willReconnect ? "" : " (for good)"), "closed");
        show();
      };
      ws.addEventListener("reconnecting", (event) => {
        log("sys", "reconnecting in " + (event.detail.delay / 1000).toFixed(1) + " s (attempt "
            + event.detail.attempt + ")", "reconnecting");
      });
      ws.addEventListener("reconnected", (event) => {
        // A resumed socket is the same one, and the server has sent again what it missed.
        log("sys", event.detail.resumed ? "resumed the same socket: nothing was lost" : "reconnected",
            event.detail.resumed ? "reconnected resumed" : "reconnected");
        if (options.onReconnected) options.onReconnected();
      });
      show();
    });
  };
  $(ids.disconnect).onclick = () => {
    ws.close(1000, "Bye");
    show();
  };
  function send() {
    const text = $(ids.input).value;
    if (!text || !ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(options.outgoing ? options.outgoing(text) : text);
    if (options.showOut !== false) log("out", text);
    $(ids.input).value = "";
    show();
  }
  $(ids.send).onclick = send;
  $(ids.input).addEventListener("keydown", (event) => { if (event.key === "Enter") send(); });
  show();
}
