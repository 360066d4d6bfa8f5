// Live toggling of conditional sections and fields on the application form. Only an enhancement: the server
// re-renders the right sections after any submit, so the form works without this script.
(function () {
    var form = document.querySelector('.apply-form');
    if (!form) { return; }
    function valueOf(key) {
        var inputs = form.querySelectorAll('[name="Answers[' + key + ']"]');
        for (var i = 0; i < inputs.length; i++) {
            var el = inputs[i];
            if (el.type === 'checkbox') { return el.checked ? 'true' : ''; }
            if (el.type === 'radio') { if (el.checked) { return el.value; } continue; }
            return el.value;
        }
        return null;
    }
    function update() {
        var conditional = form.querySelectorAll('[data-show-field]');
        for (var i = 0; i < conditional.length; i++) {
            var el = conditional[i];
            var key = el.getAttribute('data-show-field');
            if (!key) { continue; }
            var value = valueOf(key);
            if (value === null) { continue; }
            el.hidden = value !== el.getAttribute('data-show-equals');
        }
    }
    form.addEventListener('change', update);
})();
