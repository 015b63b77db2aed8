(function(){
  var root=document.documentElement, url=root.dataset.state, version=root.dataset.version;
  // The room's map: the point is computed here, on the phone; only its cell is sent.
  var form=document.getElementById("map-form");
  if(form){
    var shown=sessionStorage.getItem("lien-point-"+root.dataset.round);
    function show(text){
      document.getElementById("my-point-text").textContent=text;
      document.getElementById("my-point").hidden=false;
    }
    if(shown)show(shown);
    form.addEventListener("submit",function(event){
      var sums={anxiety:0,avoidance:0}, counts={anxiety:0,avoidance:0}, missing=0;
      var sets=document.querySelectorAll("#statements fieldset");
      for(var i=0;i<sets.length;i++){
        var set=sets[i], picked=set.querySelector("input:checked");
        if(!picked){missing++;continue}
        var value=parseInt(picked.value,10);
        if(set.dataset.reverse==="1")value=8-value;
        sums[set.dataset.dimension]+=value; counts[set.dataset.dimension]++;
      }
      if(missing){event.preventDefault();alert(form.dataset.incomplete);return}
      var avoidance=sums.avoidance/counts.avoidance, anxiety=sums.anxiety/counts.anxiety;
      function cell(score){return Math.min(4,Math.max(1,Math.floor((score-1)/6*4)+1))}
      document.getElementById("map-cell").value="x"+cell(avoidance)+"y"+cell(anxiety);
      var text=form.dataset.mine.replace("{avoidance}",avoidance.toFixed(1))
        .replace("{anxiety}",anxiety.toFixed(1));
      sessionStorage.setItem("lien-point-"+root.dataset.round,text);
      show(text);
    });
  }
  if(!url||!window.fetch)return;
  // The same room, the same question: the vote counts and the followed slide change in place
  // (a phone typing its own question keeps its text; issue 24).
  function inPlace(s){
    var list=document.querySelector("ul.asks[data-votes-text]");
    if(list&&s.votes){
      var items=list.querySelectorAll("[data-ask]");
      for(var i=0;i<items.length;i++){
        var n=s.votes[items[i].dataset.ask];
        if(n!==undefined)items[i].querySelector(".count").textContent=
          "("+list.dataset.votesText.replace("{count}",n)+")";
      }
    }
    var box=document.getElementById("follow-slide");
    if(box&&s.follow){
      fetch(root.dataset.slide,{cache:"no-store"}).then(function(r){return r.ok?r.text():null})
      .then(function(html){
        if(html===null)return;
        box.innerHTML=html;
        var title=document.getElementById("follow-title"), news=document.getElementById("follow-news");
        if(title&&news)news.textContent=news.dataset.news.replace("{title}",title.textContent);
      });
    }
  }
  function tick(){
    fetch(url+"?since="+encodeURIComponent(version),{cache:"no-store"})
    .then(function(r){return r.status===503?null:r.json()})
    .then(function(s){
      if(s&&s.version!==version){
        if(form&&document.querySelector("#statements input:checked")&&s.round===+root.dataset.round
          &&s.phase==="open"){version=s.version;setTimeout(tick,50);return}
        if(s.base!==root.dataset.base||(s.follow?"1":"")!==root.dataset.follow){
          location.replace(root.dataset.page);return}
        version=s.version;inPlace(s);
      }
      setTimeout(tick,s?50:3000);
    }).catch(function(){setTimeout(tick,3000)});
  }
  tick();
})();
