// In-place updates for the dashboard (dashboard.js): keyed lists whose elements are rebuilt only when
// their HTML changed, so scroll positions, focus, an open <select> and open timelines survive refreshes.
import { esc } from './dashboard-format.js';

/** Each element built by syncList/setHtml → the HTML it was built from (its signature). */
const built = new WeakMap();
const template = document.createElement('template');

export function fromHtml(html) {
  template.innerHTML = html.trim();
  const el = template.content.firstElementChild;
  built.set(el, html);
  return el;
}

/** Replaces `old` by `fresh`; what had focus inside `old` gets it back in `fresh` (same tag, same first data-* attribute). */
export function swap(old, fresh) {
  const active = document.activeElement;
  let again = null;
  if (active && active !== document.body && old.contains(active)) {
    const [name, value] = Object.entries(active.dataset)[0] ?? [];
    if (name) again = `${active.tagName.toLowerCase()}[data-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${value.replace(/["\\]/g, '\\$&')}"]`;
  }
  old.replaceWith(fresh);
  if (again) fresh.querySelector(again)?.focus({ preventScroll: true });
}

/**
 * Makes the keyed children of `parent` (after its first `skip` children, e.g. a <thead>) the `items`, in
 * order: an element whose HTML is unchanged stays untouched, a changed one is rebuilt, gone ones removed.
 */
export function syncList(parent, items, skip = 0) {
  const wanted = new Set(items.map((i) => i.key));
  const old = new Map();
  for (const el of [...parent.children].slice(skip)) {
    if (wanted.has(el.dataset.key) && !old.has(el.dataset.key)) old.set(el.dataset.key, el);
    else el.remove();
  }
  items.forEach(({ key, html }, i) => {
    let el = old.get(key);
    if (!el || built.get(el) !== html) {
      const fresh = fromHtml(html);
      fresh.dataset.key = key;
      if (el) swap(el, fresh);
      el = fresh;
    }
    const at = parent.children[skip + i];
    if (at !== el) parent.insertBefore(el, at ?? null);
  });
}

export function setHtml(el, html) {
  if (built.get(el) === html) return;
  el.innerHTML = html;
  built.set(el, html);
}

/** Rebuilds a tenant selector's options only when the tenants changed, and never while it has focus (or is open). */
export function syncSelect(select, tenants, chosen) {
  if (document.activeElement === select) return;
  const sig = JSON.stringify(tenants);
  if (select.dataset.sig !== sig) {
    select.innerHTML = tenants.map((t) => `<option>${esc(t)}</option>`).join('');
    select.dataset.sig = sig;
  }
  if (select.value !== chosen) select.value = chosen;
}
