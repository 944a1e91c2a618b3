app_name = "winners"

urlpatterns: list = []
