// Light or dark: the system's choice (prefers-color-scheme) until the user presses the toggle, whose
// choice is remembered in localStorage. The theme is html[data-theme]; app.css holds both palettes.
const key = "asteroid.theme";
const media = window.matchMedia("(prefers-color-scheme: dark)");

const chosen = () => {
  const stored = localStorage.getItem(key);
  return stored === "dark" || stored === "light" ? stored : media.matches ? "dark" : "light";
};

/** Applies the theme and wires the toggle; onChange runs after each switch (charts redraw). */
export function wireTheme(button, onChange) {
  const apply = () => {
    const theme = chosen();
    document.documentElement.dataset.theme = theme;
    document.querySelector('meta[name="color-scheme"]')?.setAttribute("content", theme);
    button.setAttribute("aria-pressed", String(theme === "dark"));
  };
  apply();
  button.addEventListener("click", () => {
    localStorage.setItem(key, chosen() === "dark" ? "light" : "dark");
    apply();
    onChange();
  });
  media.addEventListener("change", () => { if (!localStorage.getItem(key)) { apply(); onChange(); } });
}
