// A table wider than the page scrolls sideways inside Material's wrapper. Make each such
// wrapper a labelled region that keyboard users can focus and scroll (WCAG 2.1.1).
document$.subscribe(() => {
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
    if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Table (scrolls sideways)");
    }
  }
});

// The same for a timeline or chart that keeps a legible size on a narrow screen and scrolls,
// and for a code block that scrolls: with content.lazy, Material makes a code block focusable
// only once it comes into view, and a keyboard user must be able to reach it before that.
// All sizes are read first, then written, so the page is laid out once.
document$.subscribe(() => {
  const scrolls = [...document.querySelectorAll(".kitchen-figure, pre > code")]
    .filter((el) => !el.hasAttribute("tabindex") && el.scrollWidth > el.clientWidth);
  for (const el of scrolls) el.tabIndex = 0;
});

// A "Full script" tab keeps the whole file in a <template> (kitchen/fence.py: deferred) until
// its tab is chosen: the page then has half the elements to style and lay out at load. Linked
// tabs (content.tabs.link) switch every set on the page at once, so look at all of them.
function showChosenScripts() {
  for (const set of document.querySelectorAll(".tabbed-set")) {
    const inputs = set.querySelectorAll(":scope > input");
    const blocks = set.querySelectorAll(":scope > .tabbed-content > .tabbed-block");
    inputs.forEach((input, i) => {
      const template = input.checked && blocks[i] && blocks[i].querySelector("template.kitchen-deferred");
      if (template) {
        const note = blocks[i].querySelector(".kitchen-deferred-note");
        if (note) note.remove();
        template.replaceWith(template.content);
      }
    });
  }
}
document$.subscribe(showChosenScripts);
document.addEventListener("change", () => setTimeout(showChosenScripts));
document.addEventListener("click", () => setTimeout(showChosenScripts));
