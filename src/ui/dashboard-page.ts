/**
 * The dashboard's HTML shell; `public/dashboard.js` builds the service cards and fills everything from the
 * admin API, updating in place. Served at `/` to browsers (a client asking for JSON gets the index of base
 * URLs instead).
 *
 * @example
 * c.html(dashboardHtml());
 */
const SERVICES = ['kustom', 'khumbu', 'oktopos'];
const ADVANCE: [string, number][] = [['+1 min', 60], ['+1 h', 3600], ['+1 day', 86_400], ['+28 days', 28 * 86_400]];

export function dashboardHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Order Sandbox — dashboard</title>
  <link rel="icon" href="/ui/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/ui/dashboard.css">
</head>
<body>
  <header class="top">
    <h1>Order Sandbox</h1>
    <div class="clock" aria-label="sandbox clock">
      <output id="clock-now" data-testid="clock-now">…</output> <span id="clock-frozen" class="muted"></span>
      ${ADVANCE.map(([label, s]) => `<button data-advance="${s}">${label}</button>`).join('\n      ')}
    </div>
    <button id="reset" class="danger">Reset</button>
    <a href="/docs">API docs</a>
    <span id="status">loading…</span>
  </header>
  <main>
    <div id="services"></div>
    <div class="grid2">
      <section class="card" id="journal"><h2>Requests <small>live journal, newest first (UTC)</small></h2>
        <div class="card-body"><table><thead><tr><th>time</th><th>service</th><th>tenant</th><th>operation</th><th>status</th><th class="num">took</th><th></th></tr></thead><tbody></tbody></table></div></section>
      <section class="card" id="webhooks"><h2>Webhooks <small>deliveries and attempts</small></h2>
        <div class="card-body"><table><thead><tr><th>id</th><th>service</th><th>tenant</th><th>kind</th><th>state</th><th class="num">attempts</th><th>last</th><th></th></tr></thead><tbody></tbody></table></div></section>
    </div>
    <section class="card" id="report"><header><h2>Go-live readiness <small>what the chosen tenant's integration still gets wrong (GET /__admin/report)</small></h2>
      <select id="report-service" aria-label="report service">${SERVICES.map((s) => `<option value="${s}">${s}</option>`).join('')}</select></header>
      <div class="card-body"></div></section>
    <section class="card" id="scenarios"><h2>Scenarios <small>armed ones apply to every matching request; disarmed ones only with X-Sandbox-Scenario</small></h2>
      <div class="card-body"><table><thead><tr><th>scenario</th><th>state</th><th>source</th><th></th></tr></thead><tbody></tbody></table></div></section>
  </main>
  <div id="lock" hidden>
    <form id="lock-form">
      <strong>Admin token</strong>
      <span id="lock-message" class="muted"></span>
      <input id="token" name="token" type="password" autocomplete="off" placeholder="admin token" required>
      <button type="submit">Unlock</button>
    </form>
  </div>
  <div id="toast" class="toast hidden" role="status"></div>
  <script type="module" src="/ui/dashboard.js"></script>
</body>
</html>`;
}
