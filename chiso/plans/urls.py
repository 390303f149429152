from django.urls import path

from chiso.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("them/", views.plan_create, name="create"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/sua/", views.plan_edit, name="edit"),
    path("<int:plan_id>/van-ban/", views.plan_source, name="source"),
    path("<int:plan_id>/nhiem-vu/them/", views.task_create, name="task_create"),
    path("nhiem-vu/<int:task_id>/sua/", views.task_edit, name="task_edit"),
    path("nhiem-vu/<int:task_id>/di-chuyen/", views.task_move, name="task_move"),
    path("nhiem-vu/<int:task_id>/chi-so/", views.task_components, name="task_components"),
    path("phan-cong/<int:assignment_id>/tach/", views.assignment_split, name="assignment_split"),
]
