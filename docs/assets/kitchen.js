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

// The same for a timeline or chart that keeps a legible size on a narrow screen and scrolls.
document$.subscribe(() => {
  for (const figure of document.querySelectorAll(".kitchen-figure")) {
    if (figure.scrollWidth > figure.clientWidth && !figure.hasAttribute("tabindex")) {
      figure.tabIndex = 0;
    }
  }
});
