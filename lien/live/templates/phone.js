(function(){
  var root=document.documentElement, url=root.dataset.state, version=root.dataset.version;
  if(!url||!window.fetch)return;
  function tick(){
    fetch(url+"?since="+encodeURIComponent(version),{cache:"no-store"})
    .then(function(r){return r.status===503?null:r.json()})
    .then(function(s){
      if(s&&s.version!==version){location.replace(root.dataset.page);return}
      setTimeout(tick,s?50:3000);
    }).catch(function(){setTimeout(tick,3000)});
  }
  tick();
})();
