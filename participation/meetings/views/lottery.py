"""Seat lotteries: staff create them, publish the seed and draw; the public page takes
applications, shows the algorithm, the list with the seed, and the result."""

from datetime import UTC

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.permissions import can
from participation.extensions import db, limiter
from participation.meetings.forms import LotteryForm, SeedForm
from participation.meetings.models import BERLIN, SeatLottery
from participation.meetings.public_forms import ApplicationForm
from participation.meetings.services import lottery as lottery_services
from participation.meetings.views import bp
from participation.meetings.views._load import body_or_404
from participation.meetings.views.public import rsvp_limit


@bp.route("/manage/meetings/bodies/<int:body_id>/lottery/new", methods=["GET", "POST"])
@login_required
def lottery_new(body_id: int):
    """Create a citizen-seat lottery with an application window."""
    body = body_or_404(body_id)
    form = LotteryForm()
    if form.validate_on_submit():
        try:
            lottery = lottery_services.create_lottery(
                body,
                current_user,
                title=form.title.data,
                description=form.description.data or "",
                seats=form.seats.data,
                opens_at=form.opens_at.data.replace(tzinfo=BERLIN).astimezone(UTC),
                closes_at=form.closes_at.data.replace(tzinfo=BERLIN).astimezone(UTC),
                questions=(form.questions.data or "").splitlines(),
                quotas=lottery_services.parse_quotas(form.quota_options.data),
            )
            db.session.commit()
            flash(_("The lottery is set up; the application page is public."), "success")
            return redirect_after_post("meetings.public_lottery", lottery_id=lottery.id)
        except ServiceError as exc:
            handle(exc, form)
    return render(
        "meetings/manage/lottery_form.html",
        form=form,
        body=body,
        status=422 if form.errors else 200,
    )


@bp.route("/manage/meetings/lottery/<int:lottery_id>/<action>", methods=["POST"])
@login_required
def lottery_action(lottery_id: int, action: str):
    """Publish the seed (closes applications), or draw."""
    lottery = db.get_or_404(SeatLottery, lottery_id)
    body_or_404(lottery.body_id)
    try:
        if action == "seed":
            form = SeedForm()
            lottery_services.publish_seed(lottery, current_user, form.seed.data)
            flash(_("The seed is published. Draw when you are ready."), "success")
        elif action == "draw":
            lottery_services.draw(lottery, current_user)
            flash(
                _("The draw has taken place; the result is public and every applicant is told."),
                "success",
            )
        else:
            abort(404)
        db.session.commit()
    except ServiceError as exc:
        handle(exc)
    return redirect_after_post("meetings.public_lottery", lottery_id=lottery.id)


@bp.route("/meetings/lottery/<int:lottery_id>", methods=["GET", "POST"])
@limiter.limit(rsvp_limit, methods=["POST"])
def public_lottery(lottery_id: int):
    """Public page: apply, the documented algorithm, the published list and seed, the result."""
    lottery = db.get_or_404(SeatLottery, lottery_id)
    form = ApplicationForm()
    options = (lottery.quotas or {}).get("options", {})
    form.quota_value.choices = list(options.items())
    status = 200
    if request.method == "POST":
        answers = [
            bool(request.form.get(f"q-{i}")) for i in range(len(lottery.eligibility_questions))
        ]
        if form.validate():
            try:
                lottery_services.apply(
                    lottery,
                    name=form.name.data,
                    email=form.email.data,
                    answers=answers,
                    quota_value=form.quota_value.data or "",
                )
                db.session.commit()
                flash(_("Thank you, your application is in. The draw is public."), "success")
                return redirect_after_post("meetings.public_lottery", lottery_id=lottery.id)
            except ServiceError as exc:
                handle(exc, form)
                lottery = db.get_or_404(SeatLottery, lottery_id)
        status = 422
    eligible = sorted((a for a in lottery.applications if a.eligible), key=lambda a: a.id)
    return render(
        "meetings/lottery.html",
        lottery=lottery,
        body=lottery.body,
        form=form,
        seed_form=SeedForm(),
        eligible=eligible,
        options=options,
        winners=sorted((a for a in eligible if a.selected), key=lambda a: a.rank),
        can_manage=can("meetings.manage", lottery.body),
        status=status,
    )
