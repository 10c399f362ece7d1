// A page in English (crate::i18n::pages): the server sent it with its Chinese texts in English; what
// the WebAssembly writes into it afterwards — a live figure, a page opened in the app, a form's answer —
// is Chinese, and is rewritten here the same way, from the texts the page carries (#i18n-en): the text
// itself, a template with its figures (`今日签到 {} 人次…`), a count in 万. Loaded only by English pages.
(() => {
  const carried = document.getElementById('i18n-en');
  if (!carried) return;
  const texts = JSON.parse(carried.textContent);
  const literal = (pieces) => pieces.reduce((n, p) => n + p.length, 0);
  // The most literal template first: `红色大讲堂（{}）` before `{}（{}）`.
  const templates = Object.keys(texts)
    .filter((k) => k.includes('{}'))
    .map((k) => [k.split('{}'), texts[k]])
    .sort((a, b) => literal(b[0]) - literal(a[0]));
  const chinese = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
  const ATTRIBUTES = ['aria-label', 'title', 'placeholder', 'alt'];

  const fill = (template, args) => {
    let next = 0;
    return template.replace(/\{(\d*)\}/g, (_, n) => args[n === '' ? next++ : Number(n)] ?? '');
  };
  // What stands in `text` where the template's pieces have their figures (none empty), or null.
  const captures = (pieces, text) => {
    if (!text.startsWith(pieces[0])) return null;
    let rest = text.slice(pieces[0].length);
    const figures = [];
    for (let i = 1; i < pieces.length; i++) {
      const piece = pieces[i];
      let at;
      if (i === pieces.length - 1) {
        if (!rest.endsWith(piece)) return null;
        at = rest.length - piece.length;
      } else {
        if (piece === '') return null;
        at = rest.indexOf(piece);
      }
      if (at <= 0) return null;
      figures.push(rest.slice(0, at));
      rest = rest.slice(at + piece.length);
    }
    return rest === '' ? figures : null;
  };
  const translated = (text, depth) => {
    if (Object.prototype.hasOwnProperty.call(texts, text)) return texts[text];
    const wan = /^(\d+(?:\.\d+)?)万$/.exec(text);
    if (wan) return `${Math.round(Number(wan[1]) * 10)}k`;
    if (depth === 0) return null;
    // A list (`独立建校 66 所、联合建校 1 所`): each item, when every one has its English.
    for (const [sep, joined] of [['、', ', '], ['，', '; ']]) {
      if (!text.includes(sep)) continue;
      const items = text.split(sep).map((item) => translated(item.trim(), depth));
      if (items.every((item) => item !== null)) return items.join(joined);
    }
    for (const [pieces, en] of templates) {
      const figures = captures(pieces, text);
      if (figures) return fill(en, figures.map((f) => translated(f, depth - 1) ?? f));
    }
    return null;
  };
  // `text` in English with its spaces around kept, or null. (The server's `i18n::store::translated`
  // does the same: keep the two alike.)
  const english = (text) => {
    if (!chinese.test(text)) return null;
    const trimmed = text.trim();
    const en = translated(trimmed, 2);
    if (en === null) return null;
    const start = text.length - text.trimStart().length;
    return text.slice(0, start) + en + text.slice(start + trimmed.length);
  };
  // The print stamp (a <style>: `content: "数据截至 …"`): its strings.
  const stamp = (css) => css.replace(/"([^"\\]*)"/g, (whole, text) => {
    const en = english(text);
    return en === null ? whole : `"${en}"`;
  });
  const isStamp = (el) => el && el.nodeName === 'STYLE' && el.getAttribute('data-testid') === 'print-stamp';
  const attribute = (el, name) => {
    const value = el.getAttribute(name);
    const en = value && english(value);
    if (en) el.setAttribute(name, en);
  };
  const visit = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const parent = node.parentNode;
      if (isStamp(parent)) {
        const en = stamp(node.data);
        if (en !== node.data) node.data = en;
        return;
      }
      if (parent && (parent.nodeName === 'SCRIPT' || parent.nodeName === 'STYLE')) return;
      const en = english(node.data);
      if (en !== null) node.data = en;
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      if (isStamp(node)) node.childNodes.forEach(visit);
      if (node.nodeName === 'SCRIPT' || node.nodeName === 'STYLE') return;
      for (const name of ATTRIBUTES) attribute(node, name);
      for (const child of node.childNodes) visit(child);
    }
  };
  // The PNG export (export-png.js) writes the chart's title and stamp in English too.
  globalThis.dangxiaoEnglish = (text) => english(text) ?? text;
  visit(document.documentElement);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') visit(r.target);
      else if (r.type === 'attributes') attribute(r.target, r.attributeName);
      else r.addedNodes.forEach(visit);
    }
  }).observe(document.documentElement, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ATTRIBUTES,
  });
})();
