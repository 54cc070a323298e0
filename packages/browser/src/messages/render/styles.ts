/**
 * The messages' stylesheet. Adopted by each message's shadow root as a constructable stylesheet
 * (`adoptedStyleSheets`): no `<style>` element and no `style` attribute, so it works under a
 * `Content-Security-Policy` without `'unsafe-inline'`. Themable with CSS custom properties set
 * anywhere above the message (`:root { --retain-accent: #0a7d4f }`).
 */
const CSS = `
:host{all:initial;display:block;--_bg:var(--retain-bg,#fff);--_fg:var(--retain-fg,#1c1c1e);--_muted:var(--retain-muted,#45454a);--_accent:var(--retain-accent,#1d4ed8);--_accent-fg:var(--retain-accent-fg,#fff);--_radius:var(--retain-radius,12px);--_shadow:var(--retain-shadow,0 10px 32px rgb(0 0 0/.2));--_z:var(--retain-z-index,2147483000);font:15px/1.45 var(--retain-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:var(--_fg)}
*{box-sizing:border-box}
[hidden]{display:none!important}
.msg{position:relative;background:var(--_bg);color:var(--_fg);border-radius:var(--_radius);box-shadow:var(--_shadow);padding:16px 48px 16px 18px;animation:retain-in .18s ease-out}
.title{display:block;margin:0 0 4px;font-size:16px;font-weight:650;line-height:1.3}
.body{color:var(--_muted);white-space:pre-line}
.body p{margin:0 0 8px}
.body a{color:var(--_accent)}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}
.action{display:inline-flex;align-items:center;min-height:36px;padding:6px 14px;border-radius:8px;border:1px solid var(--_accent);background:transparent;color:var(--_accent);font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.action.primary{background:var(--_accent);color:var(--_accent-fg)}
.close{position:absolute;top:8px;right:8px;width:32px;height:32px;border:0;border-radius:8px;background:transparent;color:var(--_muted);font-family:inherit;font-size:22px;line-height:1;cursor:pointer}
.close:hover,.action:hover{filter:brightness(.92)}
:focus-visible{outline:3px solid var(--_accent);outline-offset:2px}
.banner,.banner-bottom{position:fixed;left:0;right:0;z-index:var(--_z);border-radius:0;display:flex;flex-wrap:wrap;align-items:center;gap:4px 16px}
.banner{top:0}.banner-bottom{bottom:0}
.banner .actions,.banner-bottom .actions,.banner .title,.banner-bottom .title{margin:0}
.toast{position:fixed;right:16px;bottom:16px;z-index:var(--_z);width:min(380px,calc(100vw - 32px))}
.anchor{position:fixed;z-index:var(--_z);width:min(320px,calc(100vw - 16px))}
.modal{border:0;width:min(460px,calc(100vw - 32px));padding:24px 52px 20px 24px;max-height:calc(100vh - 32px);overflow:auto}
.modal::backdrop{background:rgb(0 0 0/.45)}
.modal .title{font-size:20px;margin-bottom:8px}
@keyframes retain-in{from{opacity:0;transform:translateY(6px)}}
@media (prefers-reduced-motion:reduce){.msg{animation:none}}
`;

let sheet: CSSStyleSheet | undefined;

/**
 * The shared stylesheet, built on first use (never at import time).
 *
 * @internal
 */
export function messageStyleSheet(): CSSStyleSheet {
  if (sheet === undefined) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}
