// The buyer's tracking page: look up by order number or tracking number, show the timeline, follow it live.
(function () {
  'use strict';
  const ORDER_NUMBER = /^PS-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
  const TOKEN_KEY = 'parcelstream.token';
  const form = document.getElementById('lookup');
  const query = document.getElementById('query');
  const tokenInput = document.getElementById('token');
  const statusLine = document.getElementById('status-line');
  const results = document.getElementById('results');
  const template = document.getElementById('shipment-template');
  const streams = [];
  const seen = new Set();
  let current = null;

  tokenInput.value = localStorage.getItem(TOKEN_KEY) || '';
  tokenInput.addEventListener('change', () => localStorage.setItem(TOKEN_KEY, tokenInput.value.trim()));

  const label = (s) => (s ? s.replace(/^[A-Z_]+\./, '').replace(/_/g, ' ').toLowerCase().replace(/^./, (c) => c.toUpperCase()) : '');

  // "2026-11-25T09:30:00+08:00" → "25 Nov 2026, 09:30 (UTC+08:00)": the time where the scan happened
  function localTime(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(iso || '');
    if (!m) return iso || '';
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const zone = !m[6] || m[6] === 'Z' ? 'UTC' : `UTC${m[6].length === 5 ? m[6].slice(0, 3) + ':' + m[6].slice(3) : m[6]}`;
    return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}, ${m[4]}:${m[5]} (${zone})`;
  }

  const place = (loc) => (loc ? [loc.city, loc.countryCode].filter(Boolean).join(', ') : '');

  function say(text, isError) {
    statusLine.textContent = text;
    statusLine.classList.toggle('error', Boolean(isError));
  }

  async function fetchJson(path) {
    const token = tokenInput.value.trim();
    const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      const err = new Error(body.detail || body.title || `HTTP ${res.status}`);
      err.status = res.status;
      throw err;
    }
    return body;
  }

  const viewsOf = (body) => (Array.isArray(body) ? body : body.items || body.shipments || [body]);

  function render(views) {
    results.replaceChildren();
    for (const v of views) {
      const node = template.content.cloneNode(true);
      const q = (sel) => node.querySelector(sel);
      q('.tracking-number').textContent = v.trackingNumber || 'Waiting for a tracking number';
      q('.carrier').textContent = v.carrier ? v.carrier.name : '';
      const badge = q('.status-badge');
      badge.textContent = label(v.status);
      badge.dataset.status = v.status || '';
      q('.substatus').textContent = v.substatus ? `· ${label(v.substatus)}` : '';
      if (v.actionRequired) {
        const a = q('.action-required');
        a.hidden = false;
        a.textContent = v.customs && v.customs.duties
          ? `Action needed: duties of ${v.customs.duties.amount} ${v.customs.duties.currency} are due (${v.customs.duties.payer.toLowerCase()} pays).`
          : 'Action needed: the carrier is waiting for you.';
      }
      const eta = v.estimatedDelivery;
      q('.eta dd').textContent = eta ? `${eta.from.slice(0, 10)} – ${eta.to.slice(0, 10)} (${eta.source === 'CARRIER' ? 'carrier estimate' : 'our prediction'})` : 'not known yet';
      q('.last-location dd').textContent = place(v.lastLocation) || '—';
      if (v.customs) {
        q('.customs').hidden = false;
        q('.customs dd').textContent = label(v.customs.state);
      }
      if (v.legs && v.legs.length > 1) {
        q('.legs').hidden = false;
        q('.legs dd').textContent = v.legs.map((l) => `${l.carrierCode} ${l.trackingNumber}`).join(' → ');
      }
      const list = q('.timeline');
      const events = (v.events || []).slice().reverse(); // newest first on screen
      for (const e of events) {
        const li = document.createElement('li');
        if (current && !seen.has(e.id)) li.classList.add('new');
        seen.add(e.id);
        const time = document.createElement('time');
        time.dateTime = e.occurredAt;
        time.textContent = localTime(e.occurredAt);
        const what = document.createElement('span');
        what.className = 'what';
        what.textContent = e.description || label(e.substatus || e.status);
        const where = document.createElement('span');
        where.className = 'where';
        where.textContent = place(e.location) ? ` — ${place(e.location)}` : '';
        li.append(time, what, where);
        list.append(li);
      }
      results.append(node);
    }
  }

  function follow(views) {
    while (streams.length) streams.pop().close();
    for (const v of views) {
      if (!v.trackingNumber) continue;
      const source = new EventSource(`/v1/tracking/${encodeURIComponent(v.trackingNumber)}/stream`);
      // a stream opens with the current view (what was just shown, or a change since): refresh quietly; after that
      // every event is a change of the timeline
      let opened = false;
      const onChange = () => {
        void refresh(opened);
        opened = true;
      };
      source.onmessage = onChange;
      source.addEventListener('timeline', onChange);
      streams.push(source);
    }
  }

  async function refresh(announce) {
    if (!current) return;
    try {
      render(viewsOf(await fetchJson(current)));
      if (announce) say('Updated live.');
    } catch (e) {
      say(e.message, true);
    }
  }

  async function lookup(raw) {
    const q = raw.trim().toUpperCase().replace(/\s+/g, '');
    if (!q) return;
    const path = ORDER_NUMBER.test(q) ? `/v1/orders/${encodeURIComponent(q)}/tracking` : `/v1/tracking/${encodeURIComponent(q)}`;
    say('Looking it up…');
    seen.clear();
    current = null;
    try {
      const views = viewsOf(await fetchJson(path));
      render(views);
      current = path;
      say(views.length === 1 ? 'Found your parcel. This page updates by itself.' : `Found ${views.length} parcels. This page updates by itself.`);
      history.replaceState(null, '', `?q=${encodeURIComponent(q)}`);
      follow(views);
    } catch (e) {
      results.replaceChildren();
      say(e.status === 404 ? 'We could not find that number.' : e.status === 401 ? 'Please sign in to look up an order number.' : e.message, true);
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void lookup(query.value);
  });
  const initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    query.value = initial;
    void lookup(initial);
  }
})();
