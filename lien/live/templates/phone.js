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
    var where=document.getElementById("talk-where");
    if(where&&s.where)where.textContent=s.where;
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
  // How long to wait before asking again: the server's Retry-After (503 past capacity,
  // lien.web.shedding), at least 1, 2, 4, 8, then 10 s as tries go on, give or take a fifth.
  function later(r,tries){
    var asked=r?parseInt(r.headers.get("Retry-After"),10)||0:0;
    return 1000*Math.max(asked,Math.min(10,Math.pow(2,tries)))*(0.8+Math.random()*0.4);
  }
  // An answer goes by fetch: refused for now (503, or no network), it is sent again by
  // itself and the page says "one moment…"; stored, the room's page comes back.
  if(root.dataset.sending&&window.URLSearchParams&&window.FormData){
    document.addEventListener("submit",function(event){
      var f=event.target;
      if(event.defaultPrevented||(f.getAttribute("method")||"").toLowerCase()!=="post")return;
      // Only what the room stores (an answer, a question, a vote) goes this way; the pace
      // buttons and any other form post as a plain form.
      if(!/\/(answer|ask|vote)(\?|$)/.test(f.getAttribute("action")||""))return;
      event.preventDefault();
      var body=new URLSearchParams(new FormData(f)).toString(), tries=0, note=f.lien_note;
      var button=f.querySelector("button");
      if(button)button.disabled=true;
      function again(r){
        if(!note){
          note=f.lien_note=document.createElement("p");
          note.className="status";note.setAttribute("role","status");
          f.parentNode.insertBefore(note,f);
        }
        note.textContent=root.dataset.sending;
        setTimeout(send,later(r,tries++));
      }
      function send(){
        fetch(f.action,{method:"POST",body:body,cache:"no-store",credentials:"same-origin",
          headers:{"Content-Type":"application/x-www-form-urlencoded","Accept":"application/json"}})
        .then(function(r){
          if(r.ok)return r.json().then(function(d){location.replace(d.next||root.dataset.page)});
          if(r.status===503&&tries<12)return again(r);
          // Refused for a reason the server's page names: that page, as a form would show it.
          return r.text().then(function(html){document.open();document.write(html);document.close()});
        }).catch(function(){if(tries<12)again(null);else f.submit()});
      }
      send();
    });
  }
  var waits=0;
  function tick(){
    fetch(url+"?since="+encodeURIComponent(version),{cache:"no-store"})
    .then(function(r){
      if(r.status===503){setTimeout(tick,later(r,waits++));return null}
      waits=0;return r.json().then(function(s){
        if(s.version!==version){
          if(form&&document.querySelector("#statements input:checked")
            &&s.round===+root.dataset.round&&s.phase==="open"){version=s.version;setTimeout(tick,50);return}
          if(s.base!==root.dataset.base||(s.follow?"1":"")!==root.dataset.follow){
            location.replace(root.dataset.page);return}
          version=s.version;inPlace(s);
        }
        setTimeout(tick,50);
      });
    }).catch(function(){setTimeout(tick,later(null,waits++))});
  }
  tick();
})();
