// Records script errors, failed loads, blocked content and console.error calls in the body's
// data-js-errors attribute, so that a headless browser's DOM dump shows them.
(function () {
  var errors = [];
  function record(message) {
    errors.push(String(message));
    if (document.body) document.body.setAttribute("data-js-errors", errors.join("\n"));
  }
  window.addEventListener("error", function (event) {
    var target = event.target;
    if (target && target !== window && (target.src || target.href)) {
      record("failed to load " + (target.src || target.href));
    } else {
      record(event.message || "error");
    }
  }, true);
  window.addEventListener("unhandledrejection", function (event) {
    record("unhandled rejection: " + event.reason);
  });
  document.addEventListener("securitypolicyviolation", function (event) {
    record("blocked by the content security policy: " + event.violatedDirective + " " + event.blockedURI);
  });
  var consoleError = console.error;
  console.error = function () {
    record(Array.prototype.join.call(arguments, " "));
    return consoleError.apply(console, arguments);
  };
  document.addEventListener("DOMContentLoaded", function () {
    if (errors.length) document.body.setAttribute("data-js-errors", errors.join("\n"));
  });
})();
