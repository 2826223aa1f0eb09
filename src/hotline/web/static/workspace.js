// Operator workspace: prefill the ticket form from the live analysis (without overwriting what the
// operator typed), keyboard shortcuts, and the call's WebSocket (speech recognition / CTI).
(function () {
  "use strict";

  var form = document.getElementById("ticket-form");
  var callerInput = document.getElementById("caller-input");
  var replyInput = document.getElementById("reply-input");
  if (!form || !callerInput) {
    return;
  }

  // A field the operator edited by hand is theirs: later analyses no longer overwrite it.
  form.addEventListener("input", function (event) {
    var el = event.target;
    if (el.dataset && el.dataset.prefill) {
      el.dataset.touched = "1";
    }
  });
  form.addEventListener("change", function (event) {
    var el = event.target;
    if (el.dataset && el.dataset.prefill) {
      el.dataset.touched = "1";
    }
  });

  function applyPrefill() {
    var holder = document.getElementById("prefill");
    if (!holder) {
      return;
    }
    var data;
    try {
      data = JSON.parse(holder.textContent || "{}");
    } catch (err) {
      return;
    }
    var fields = form.querySelectorAll("[data-prefill]");
    for (var i = 0; i < fields.length; i++) {
      var el = fields[i];
      if (el.dataset.touched === "1") {
        continue;
      }
      var value = data[el.dataset.prefill];
      if (value === undefined || value === null) {
        value = "";
      }
      value = String(value);
      if (el.tagName === "SELECT") {
        var found = false;
        for (var j = 0; j < el.options.length; j++) {
          if (el.options[j].value === value) {
            found = true;
            break;
          }
        }
        el.value = found ? value : "";
      } else {
        el.value = value;
      }
    }
  }

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "panel") {
      applyPrefill();
    }
  });

  document.getElementById("reply-form").addEventListener("submit", function (event) {
    event.preventDefault();
  });

  document.getElementById("new-call").addEventListener("click", function () {
    window.location.href = "/workspace";
  });

  // Keyboard: Alt+Enter registers, Alt+1/2/3 move between the three areas, Alt+H hands up.
  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var handled = true;
    if (event.key === "Enter") {
      form.requestSubmit();
    } else if (event.key === "1") {
      callerInput.focus();
    } else if (event.key === "2") {
      replyInput.focus();
    } else if (event.key === "3") {
      var first = form.querySelector("[name=caller_name]");
      if (first) {
        first.focus();
      }
    } else if (event.key === "h" || event.key === "H") {
      var handup = document.getElementById("handup-form");
      if (handup) {
        handup.requestSubmit();
      }
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
    }
  });

  // The call's WebSocket: transcripts from speech recognition replace the caller text, then the
  // same htmx request as typing refreshes the panel.
  var status = document.getElementById("asr-status");
  var callId = document.getElementById("call-id").value;
  var retry = 1000;

  function setStatus(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function connect() {
    if (!window.WebSocket) {
      return;
    }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/calls/" + encodeURIComponent(callId) + "?analysis=0");
    socket.addEventListener("open", function () {
      retry = 1000;
      setStatus("语音转写已连接");
    });
    socket.addEventListener("message", function (event) {
      var msg;
      try {
        msg = JSON.parse(event.data);
      } catch (err) {
        return;
      }
      if (msg.type === "transcript" && typeof msg.caller_text === "string") {
        if (callerInput.value !== msg.caller_text) {
          callerInput.value = msg.caller_text;
          window.htmx.trigger(callerInput, "transcript");
        }
        setStatus("语音转写中（" + msg.utterances.length + " 段）");
      } else if (msg.type === "error") {
        setStatus("语音转写出错：" + String(msg.message || ""));
      }
    });
    socket.addEventListener("close", function () {
      setStatus("语音转写未连接");
      window.setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    });
  }

  connect();
})();
