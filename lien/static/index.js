// Streamlit's frontend does not know where the server's root is: on /alliance it first asks
// /alliance/_stcore/health and /alliance/_stcore/host-config (two 404s in every page's console)
// before it tries /. Every page of Lien is served from the root: say so before its script runs.
window.__streamlit={...window.__streamlit,BACKEND_BASE_URL:location.origin+"/"};
// Follows the `lang` that each run writes into the address (history.replaceState/pushState),
// and says Streamlit's words in that language, now and whenever Streamlit draws them again (a
// MutationObserver). Decorative icons ("info icon") are hidden from screen readers: the text
// beside them says it. Only codes of the validated list are ever written to <html lang>.
// Its two arguments are filled in by lien.ui.index_page (JSON).
(function (all, fallback) {
  function lang() {
    var asked = new URLSearchParams(location.search).get("lang");
    return Object.prototype.hasOwnProperty.call(all, asked) ? asked : null;
  }
  function sync() {
    var code = lang();
    if (code && document.documentElement.lang !== code) {
      document.documentElement.lang = code;
      if (document.body) fix(document.body);
    }
  }
  var ATTRS = ['aria-label', 'title', 'data-title', 'placeholder'];
  var originals = new WeakMap();  // element -> {attribute or "text": Streamlit's English}
  function say(el, what, value) {
    var kept = originals.get(el) || {};
    var english = Object.prototype.hasOwnProperty.call(kept, what) ? kept[what] : value;
    var words = all[document.documentElement.lang] || all[fallback] || {};
    if (!Object.prototype.hasOwnProperty.call(words, english)) return null;
    kept[what] = english;
    originals.set(el, kept);
    return words[english];
  }
  function fix(root) {
    if (!root || !root.querySelectorAll) return;
    var nodes = [root].concat(Array.prototype.slice.call(
      root.querySelectorAll('[aria-label],[title],[data-title],[placeholder]')));
    nodes.forEach(function (el) {
      if (!el.getAttribute) return;
      ATTRS.forEach(function (a) {
        var v = el.getAttribute(a), t = v && say(el, a, v);
        if (t && t !== v) el.setAttribute(a, t);
      });
      var label = el.getAttribute('aria-label');
      if (label && / icon$/.test(label) && el.tagName === 'SPAN') {
        el.removeAttribute('aria-label'); el.setAttribute('aria-hidden', 'true');
      }
    });
    root.querySelectorAll('a[href="#stMain"], [data-testid="InputInstructions"],'
      + ' [data-testid="stStatusWidget"] label, li[role="option"]').forEach(function (el) {
      if (el.children.length !== 0) return;
      var v = el.textContent.trim(), t = say(el, 'text', v);
      if (t && t !== v) el.textContent = t;
    });
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      sync();
      return result;
    };
  });
  window.addEventListener("popstate", sync);
  function start() {
    sync();
    fix(document.body);
    new MutationObserver(function (changes) {
      changes.forEach(function (c) {
        if (c.type === 'attributes') fix(c.target);
        c.addedNodes && c.addedNodes.forEach(function (n) { if (n.nodeType === 1) fix(n); });
        if (c.type === 'characterData' && c.target.parentElement) fix(c.target.parentElement);
      });
    }).observe(document.body, {subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ATTRS});
  }
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})(__LIEN_WORDS__, __LIEN_FALLBACK__);
