/* Copy buttons of the "Kalender abonnieren" page.
 *
 * The page works without this script: every address is plain text in a
 * <code> element. The script only reveals the buttons (native <button>s, so
 * Tab, Enter and Space work) and copies the address of the element named by
 * data-copy-target. Where the Clipboard API is missing or refused, it selects
 * the address so Ctrl+C copies it, and says so in the page's status region.
 */
(function () {
  "use strict";

  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function legacyCopy(node) {
    select(node);
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function announce(status, message) {
    if (!status) {
      return;
    }
    // Clear first, so the same message is announced again on a second copy.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  function setup() {
    var status = document.querySelector(".sp-copy-status");
    var copied = status ? status.getAttribute("data-copied") : "";
    var failed = status ? status.getAttribute("data-copy-failed") : "";
    var buttons = document.querySelectorAll("button[data-copy-target]");
    Array.prototype.forEach.call(buttons, function (button) {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      if (!target) {
        return;
      }
      var label = button.textContent;
      var timer = null;
      function done() {
        announce(status, copied);
        button.textContent = copied;
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          button.textContent = label;
        }, 2500);
      }
      function fallback() {
        if (legacyCopy(target)) {
          done();
        } else {
          select(target);
          announce(status, failed);
        }
      }
      button.addEventListener("click", function () {
        var text = target.textContent.trim();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, fallback);
        } else {
          fallback();
        }
      });
      if (button.parentElement) {
        button.parentElement.hidden = false;
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
