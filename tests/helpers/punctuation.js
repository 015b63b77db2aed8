() => {
  const roots = [document.querySelector("[data-testid='stMain']"),
                 ...document.querySelectorAll("[data-testid='stPopoverButton']")];
  const spaced = [], starts = [];
  let checked = 0;
  for (const root of roots) {
    if (!root) continue;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('code, pre, script, style, [data-testid="stIconMaterial"]')) continue;
      const text = node.nodeValue;
      for (let i = 1; i < text.length; i++) {
        if (!':;?!'.includes(text[i])) continue;
        checked++;
        if (text[i - 1] === ' ') spaced.push(text.slice(Math.max(0, i - 25), i + 1));
        let j = i - 1;
        while (j >= 0 && /\s/.test(text[j])) j--;
        if (j < 0 || j === i - 1) continue;
        const at = (k) => { const r = document.createRange(); r.setStart(node, k);
                            r.setEnd(node, k + 1); return r.getClientRects()[0]; };
        const mark = at(i), word = at(j);
        if (mark && word && mark.top > word.top + word.height / 2)
          starts.push(text.slice(Math.max(0, i - 25), i + 1));
      }
    }
  }
  for (const t of document.querySelectorAll("[data-testid='stMain'] .js-plotly-plot svg text")) {
    const text = t.textContent;
    for (let i = 1; i < text.length; i++)
      if (':;?!'.includes(text[i]) && text[i - 1] === ' ') spaced.push(text.slice(Math.max(0, i - 25), i + 1));
  }
  return {spaced, starts, checked};
}
