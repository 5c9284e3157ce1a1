"""Officer sign-in pages: the password step, the authenticator-code step,
and the security page where an officer switches two-step sign-in on or off,
makes new backup codes, and chooses how they are told about their complaints."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from shikayat.core.errors import InvalidInput

from . import signin, two_factor
from .forms import MessagesForm
from .middleware import SESSION_MUST_ENROL, idle_minutes


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("6-digit code"), max_length=20)


class OfficerLoginView(LoginView):
    """The password step. With two-step sign-in on, a right password only
    leads to the code step; the session is not signed in yet."""

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.is_enabled(user):
            signin.begin_second_step(self.request.session, user, self.get_success_url())
            return redirect("web:login-code")
        response = super().form_valid(form)
        if two_factor.required_for(user):
            self.request.session[SESSION_MUST_ENROL] = True  # the middleware keeps them on the security page
            response = redirect("web:security")
        signin.remember_device(self.request, response, user)
        return response


@sensitive_post_parameters("code")
@never_cache
@csrf_protect
def login_code(request):
    """The code step: a current code from the officer's authenticator app completes the sign-in."""
    had_pending = signin.SESSION_PENDING in request.session
    pending = signin.pending_sign_in(request.session)
    if pending is None:
        if had_pending:
            messages.info(request, _("Sign-in took longer than 5 minutes. Please enter your password again."))
        return redirect("web:login")
    username = pending.user.username
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = signin.wait_for_request(username, request)
        if wait:
            signin.end_second_step(request.session)
            messages.error(request, signin.wait_message(wait))
            return redirect("web:login")
        accepted = two_factor.check_sign_in_code(pending.user, form.cleaned_data["code"])
        if accepted:
            signin.end_second_step(request.session)
            signin.clear_failures(username, request)
            login(request, pending.user, backend=pending.backend)
            if accepted == two_factor.BACKUP:
                _tell_backup_codes_left(request)
            response = redirect(pending.next_url)
            signin.remember_device(request, response, pending.user)
            return response
        signin.record_failure(username, request)
        form.add_error("code", two_factor.WRONG_CODE)
    return render(request, "web/login_code.html", {"form": form})


@login_required
@sensitive_post_parameters("code")
@never_cache
def security(request):
    """Switch two-step sign-in on (show the secret and QR code, confirm with a code) or off (with a code); or
    choose how the officer is told about their complaints (action "messages")."""
    user = request.user
    if request.method == "POST" and request.POST.get("action") == "messages":
        return _messages_choice(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code, action = form.cleaned_data["code"], request.POST.get("action")
        try:
            if action == "switch_off":
                _guarded(request, two_factor.switch_off, code)
                messages.success(request, _("Two-step sign-in is off."))
                return redirect("web:security")
            if action == "new_backup_codes":
                return _backup_codes_page(request, _guarded(request, two_factor.regenerate_backup_codes, code))
            codes = two_factor.confirm(user, code)
            request.session.pop(SESSION_MUST_ENROL, None)
            messages.success(request, _("Two-step sign-in is on. You will be asked for a code at every sign-in."))
            return _backup_codes_page(request, codes)
        except InvalidInput as error:
            form.add_error("code", error.message)
    return _security_page(request, form, MessagesForm(instance=user))


def _security_page(request, form: CodeForm, messages_form: MessagesForm, status: int = 200):
    user = request.user
    context = {"form": form, "enabled": two_factor.enabled_for(user), "idle_minutes": idle_minutes(),
               "recommended": two_factor.recommended_for(user), "required": two_factor.required_for(user),
               "backup_codes_left": two_factor.backup_codes_left(user), "messages_form": messages_form}
    if context["enabled"] is None:
        record = two_factor.enrolment(user)
        uri = two_factor.provisioning_uri(user, record.secret)
        context.update(secret=" ".join(record.secret[i:i + 4] for i in range(0, len(record.secret), 4)),
                       otpauth_uri=uri, qr_svg=two_factor.qr_svg(uri))
    return render(request, "web/security.html", context, status=status)


def _messages_choice(request):
    """How the officer is told about their complaints (checked against the mobile and email on record)."""
    form = MessagesForm(request.POST, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your choice of messages is saved."))
        return redirect("web:security")
    return _security_page(request, CodeForm(), form, status=400)


def _guarded(request, change, code: str):
    """Switching off or making new backup codes: wrong codes count towards the sign-in lockout here too,
    otherwise a borrowed session could guess its way to it."""
    username = request.user.username
    wait = signin.wait_for_request(username, request)
    if wait:
        raise InvalidInput(signin.wait_message(wait))
    try:
        return change(request.user, code)
    except InvalidInput as error:
        if error.code == "wrong_code":
            signin.record_failure(username, request)
        raise


def _backup_codes_page(request, codes: list[str]):
    """The new backup codes, shown this once (the page is never cached)."""
    return render(request, "web/backup_codes.html", {"codes": codes})


def _tell_backup_codes_left(request) -> None:
    left = two_factor.backup_codes_left(request.user)
    messages.warning(request, ngettext(
        "You signed in with a backup code, which now no longer works. %(count)d backup code is left: make new "
        "ones on the Security page if you are running out.",
        "You signed in with a backup code, which now no longer works. %(count)d backup codes are left: make new "
        "ones on the Security page if you are running out.", left) % {"count": left})
