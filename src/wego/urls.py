from django.conf import settings
from django.contrib import admin
from django.urls import path

from wego.members import views as member_views

admin.site.site_header = "WeGO platform administration"
admin.site.site_title = "WeGO platform"

urlpatterns = [
    path("", member_views.home, name="home"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
