// Copy buttons: <button data-copy-target="input-id" hidden> is shown and copies the input's value. Only an
// enhancement: without this script the value can still be selected and copied by hand.
(function () {
    var buttons = document.querySelectorAll('[data-copy-target]');
    for (var i = 0; i < buttons.length; i++) {
        var button = buttons[i];
        var target = document.getElementById(button.getAttribute('data-copy-target'));
        if (!target || !navigator.clipboard) { continue; }
        button.hidden = false;
        button.addEventListener('click', function (event) {
            var b = event.currentTarget;
            var input = document.getElementById(b.getAttribute('data-copy-target'));
            navigator.clipboard.writeText(input.value).then(function () {
                b.textContent = b.getAttribute('data-copied-text') || b.textContent;
            });
        });
    }
})();
