"""The 员工签收确认单 of a role: a fillable PDF that says which version of the handbook an
employee received, what in it changed for the role (or, for a new hire or when there is no
earlier version, which parts of the handbook apply to the role), and takes the employee's
name, number, signature and date.

It is a form like the others, made with the same machinery: its fields are a `model.Form`
(姓名, 工号, 本人签字 with its date) drawn by templates/pdf/_form_body.html, finished by
forms._finish_fields (required flags, the date field's actions, auto-sized text), and it
carries "handbook-form:acknowledgement-<role id>" in its keywords, so that `handbook forms
read` names it. What the copy acknowledges is written into it as three hidden read-only
fields (`handbook-version`, `handbook-effective`, `role`): read back with the employee's
values, a stack of signed copies becomes a CSV of who acknowledged which version.
"""

from __future__ import annotations

import io

from markupsafe import Markup

from ..diff.current import grouped, this_version
from ..present import Presentation
from ..source import model
from .acroform import finalize_form
from .forms import _finish_fields, form_body_html
from .render import page_number_css, write_pdf

FORM_PREFIX = "acknowledgement-"  # the form id read back: acknowledgement-<role id>
VERSION_FIELD = "handbook-version"
EFFECTIVE_FIELD = "handbook-effective"
ROLE_FIELD = "role"
STYLESHEETS = ["print-base.css", "job-description.css", "form.css", "acknowledgement.css"]

_FF_READ_ONLY = 1
_FF_REQUIRED = 2
_F_HIDDEN = 2


def form_id(role: model.Role) -> str:
    return FORM_PREFIX + role.id


def ack_form(p: Presentation, role: model.Role) -> model.Form:
    """The fields the employee fills, as a form of the handbook's model."""
    L = p.labels
    return model.Form.model_validate({
        "id": "acknowledgement", "code": p.hb.company.document_code, "title": L.ack_title,
        "version": p.hb.company.version, "owner": role.department,
        "fields": [
            {"id": "name", "label": L.ack_name, "type": "text", "required": True, "width": "half"},
            {"id": "employee-no", "label": L.ack_employee_no, "type": "text", "required": True, "width": "half"},
            {"id": "signature", "label": L.ack_signature, "type": "signature", "required": True},
        ],
    })


def applicable_parts(p: Presentation, role: model.Role) -> list[tuple[str, list[str], bool]]:
    """(heading, items, one per line) of what in the handbook applies to the role: what a new
    hire reads. Titles run on in a line; the rewards and penalties, sentences, one to a line."""
    hb, L = p.hb, p.labels
    parts = [
        (L.ack_parts_procedures, [f"{x.code} {x.title}" for x in hb.role_procedures(role.id)], False),
        (L.ack_parts_forms, [f"《{f.title}》" for f, _ in hb.role_forms(role.id)], False),
        (L.ack_parts_sanctions, [f"{L['kind_' + s.kind]}{L.colon}{s.act}" for s in hb.role_sanctions(role.id)], True),
        (L.ack_parts_policies, [f"《{x.title}》" for x in hb.policies], False),
    ]
    return [part for part in parts if part[1]]


def acknowledgement_html(p: Presentation, role: model.Role, values: dict | None = None, note: str = "") -> str:
    """The page: fillable, or (with `values`, AcroForm name -> printcopy.Printed) the print
    copy of a signed one, its values printed in the blanks."""
    hb, L = p.hb, p.labels
    vc = this_version(hb, p.project.root if p.project is not None else None, L)
    changes = vc.for_role(role.id)
    form = ack_form(p, role)
    body = Markup(form_body_html(p, form, fillable=values is None, values=values))  # our autoescaping template
    return p.render("pdf/acknowledgement.html", r=role, body=body, form_id=form_id(role),
                    changes=[x for _, lines in grouped(changes, L) for x in lines],
                    has_base=vc.diff is not None, base=vc.base, base_version=vc.base_version,
                    parts=applicable_parts(p, role) if not changes else [],
                    print_copy=values is not None, print_note=note)


def render_acknowledgement(p: Presentation, role: model.Role) -> bytes:
    hb = p.hb
    pdf = write_pdf(p.resources, acknowledgement_html(p, role), STYLESHEETS, extra_css=page_number_css(p.labels),
                    forms=True, name=f"acknowledgement-{role.id}")
    pdf = _finish_fields(finalize_form(pdf), ack_form(p, role))
    return _with_identity(pdf, {VERSION_FIELD: hb.company.version,
                                EFFECTIVE_FIELD: hb.company.effective_date.isoformat(), ROLE_FIELD: role.title})


def identity_fields() -> set[str]:
    return {VERSION_FIELD, EFFECTIVE_FIELD, ROLE_FIELD}


def render_print_copy(p: Presentation, role: model.Role, values: dict, note: str) -> bytes:
    """A signed acknowledgement as a flat PDF, the same in every viewer and on paper."""
    pdf = write_pdf(p.resources, acknowledgement_html(p, role, values, note), STYLESHEETS,
                    extra_css=page_number_css(p.labels), name=f"print-acknowledgement-{role.id}")
    return finalize_form(pdf)


def _with_identity(pdf: bytes, values: dict[str, str]) -> bytes:
    """Hidden read-only text fields holding `values`: read back like the employee's."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        fields = doc.Root.AcroForm.Fields
        for field in fields:  # the date beside the signature is required with it
            for kid in [field, *field.get("/Kids", [])]:
                if str(kid.get("/T", "")) == "date" and "/Parent" in kid:
                    kid.Ff = int(kid.get("/Ff", 0)) | _FF_REQUIRED
        for name, value in values.items():
            widget = doc.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx,
                T=pikepdf.String(name), V=pikepdf.String(value), Ff=_FF_READ_ONLY, F=_F_HIDDEN,
                Rect=pikepdf.Array([0, 0, 0, 0]), P=page.obj))
            fields.append(widget)
            if "/Annots" not in page.obj:
                page.obj.Annots = pikepdf.Array()
            page.obj.Annots.append(widget)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()
