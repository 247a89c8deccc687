from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path

from wego.api.api import api
from wego.common.permissions import public
from wego.members import views as member_views
from wego.operations import views as operations_views

admin.site.site_header = "WeGO platform administration"
admin.site.site_title = "WeGO platform"


@public
def admin_login(request, extra_context=None):
    """The administration uses the platform's login (throttled, two-factor)."""
    return redirect_to_login(request.GET.get("next", "/admin/"))


admin.site.login = admin_login

urlpatterns = [
    path("", member_views.home, name="home"),
    path("health", operations_views.health, name="health"),
    path("account/", include("wego.accounts.urls")),
    path("", include("wego.assessments.urls")),
    path("", include("wego.analysis.urls")),
    path("", include("wego.solutions.urls")),
    path("", include("wego.knowledge.urls")),
    path("", include("wego.assistance.urls")),
    path("", include("wego.awards.urls")),
    path("", include("wego.learning.urls")),
    path("", include("wego.governance.urls")),
    path("", include("wego.members.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

# No URL serves MEDIA_ROOT, not even in development: every uploaded file goes through a view
# that checks who asks (see wego.members.storage).
