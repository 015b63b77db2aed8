// Asks the server for the HttpOnly presenter cookie (lien.ui.presenter).
fetch('/presenter/cookie', {method: 'POST', credentials: 'same-origin', body: __LIEN_COOKIE__});
