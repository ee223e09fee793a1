package dev.dreamzoom.app;

/** The gallery page's fixed parts: its style and its few lines of script. */
final class GalleryPage {
  private GalleryPage() {}

  static final String HEAD =
      """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="generator" content="dreamzoom">
      <title>dreamzoom renders</title>
      <style>
      body { margin: 0; background: #14131a; color: #e8e6ef; font: 15px/1.4 system-ui, sans-serif; }
      header { padding: 18px 24px 4px; }
      header h1 { margin: 0; font-size: 22px; }
      header p { margin: 4px 0 0; color: #9d99ad; }
      main { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 18px;
        padding: 18px 24px 32px; }
      .card { background: #1f1d28; border-radius: 10px; overflow: hidden; box-shadow: 0 2px 8px #0006; }
      .media { position: relative; aspect-ratio: 16 / 9; background: #000; }
      .media img, .media video { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: cover; }
      .media video { opacity: 0; transition: opacity .2s; }
      .media.playing video { opacity: 1; }
      .noimage, .missing::after { display: flex; align-items: center; justify-content: center; height: 100%;
        color: #9d99ad; }
      img.missing { visibility: hidden; }
      .media:has(img.missing)::after { content: "image missing"; position: absolute; inset: 0;
        display: flex; align-items: center; justify-content: center; color: #e07a7a; }
      .card h2 { margin: 10px 14px 2px; font-size: 17px; }
      .card p { margin: 2px 14px; }
      .state, .meta, .note { color: #b9b5c9; font-size: 13px; }
      .note { color: #e0a97a; overflow-wrap: anywhere; }
      .badge { display: inline-block; padding: 0 7px; border-radius: 8px; background: #3b3650; color: #fff; }
      .finished .badge { background: #2f6b4f; }
      .in_progress .badge { background: #2d5b8c; }
      .failed .badge { background: #8c2d2d; }
      .damaged .badge { background: #8c5a2d; }
      .clips a { color: #a9c7ff; margin-right: 8px; }
      details { margin: 6px 14px 10px; }
      summary { cursor: pointer; color: #b9b5c9; font-size: 13px; }
      img.sheet { width: 100%; margin-top: 6px; }
      pre { font-size: 12px; background: #15141b; padding: 8px; overflow-x: auto; white-space: pre-wrap; }
      .empty { color: #9d99ad; }
      </style>
      </head>
      <body>
      """;

  /** Plays a card's preview while the pointer is over it, and marks images that do not load. */
  static final String SCRIPT =
      """
      <script>
      document.querySelectorAll('.media').forEach(function (m) {
        var v = m.querySelector('video');
        if (!v) { return; }
        v.addEventListener('loadedmetadata', function () { v.setAttribute('data-loaded', 'true'); });
        v.addEventListener('error', function () { m.classList.add('nopreview'); });
        m.addEventListener('mouseenter', function () { m.classList.add('playing'); v.play().catch(function () {}); });
        m.addEventListener('mouseleave', function () { m.classList.remove('playing'); v.pause(); });
      });
      document.querySelectorAll('img').forEach(function (img) {
        function mark() {
          if (img.naturalWidth > 0) { img.setAttribute('data-loaded', 'true'); } else { img.classList.add('missing'); }
        }
        if (img.complete) { mark(); } else { img.addEventListener('load', mark); img.addEventListener('error', mark); }
      });
      </script>
      """;
}
