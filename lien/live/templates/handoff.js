(function(){var next=document.documentElement.dataset.next;history.replaceState(null,"",next);location.replace(next);})();
