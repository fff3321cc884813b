/* Two-click video embedding: nothing from YouTube or Vimeo loads until the
   reader presses the button. Without JavaScript the placeholder stays a plain
   link to the video. */
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-sp-video]");
  Array.prototype.forEach.call(boxes, function (box) {
    var button = box.querySelector("button[data-embed-src]");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = button.getAttribute("data-embed-src");
      frame.title = button.getAttribute("data-title") || "Video";
      frame.width = "640";
      frame.height = "360";
      frame.allow = "autoplay; fullscreen; picture-in-picture";
      frame.setAttribute("allowfullscreen", "");
      frame.className = "sp-video__frame";
      box.replaceChildren(frame);
      frame.focus();
    });
  });
})();
