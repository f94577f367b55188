"""Export the citation graph: GraphML, GEXF, node-link JSON and a self-contained
interactive HTML view (inline script, no network access needed to open it).

GraphML and GEXF hold only scalar attributes, so lists and dicts (locations,
relation counts) are written as JSON strings and missing values are left out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import networkx as nx

Format = Literal["graphml", "gexf", "json", "html"]
FORMATS: tuple[str, ...] = ("graphml", "gexf", "json", "html")


def _scalar(value: Any) -> Any:
    if isinstance(value, bool | int | float | str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def flat_copy(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy whose attributes are all scalars (None dropped)."""
    flat = nx.DiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in data.items() if v is not None})
    for source, target, data in graph.edges(data=True):
        flat.add_edge(source, target,
                      **{k: _scalar(v) for k, v in data.items() if v is not None})
    return flat


def to_json(graph: nx.DiGraph) -> dict[str, Any]:
    data: dict[str, Any] = nx.node_link_data(graph, edges="links")
    return data


def export(graph: nx.DiGraph, path: Path, fmt: Format, *, max_nodes: int = 2000) -> None:
    """Write the graph to `path` in the given format."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(flat_copy(graph), path, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(flat_copy(graph), path, encoding="utf-8")
    elif fmt == "json":
        path.write_text(json.dumps(to_json(graph), ensure_ascii=False, indent=1), "utf-8")
    elif fmt == "html":
        path.write_text(html_view(graph, max_nodes=max_nodes), "utf-8")
    else:  # pragma: no cover - the CLI restricts the choice
        raise ValueError(f"unknown format {fmt}")


def _view_data(graph: nx.DiGraph, max_nodes: int) -> dict[str, Any]:
    # Large libraries: keep the loaded documents and the most connected nodes.
    ranked = sorted(graph.nodes, key=lambda n: (not graph.nodes[n].get("loaded"),
                                                 -graph.degree(n), n))
    keep = set(ranked[:max_nodes])
    index = {node: i for i, node in enumerate(n for n in ranked if n in keep)}
    nodes = []
    for node in index:
        data = graph.nodes[node]
        nodes.append({
            "id": node,
            "loaded": bool(data.get("loaded")),
            "group": data.get("group") or "administrative",
            "label": data.get("name") or data.get("number") or node,
            "info": {k: v for k, v in data.items() if v is not None and k != "loaded"},
            "in": graph.in_degree(node),
        })
    links = [
        {"s": index[s], "t": index[t], "m": d["mentions"], "r": d["relation"]}
        for s, t, d in graph.edges(data=True) if s in index and t in index
    ]
    return {"nodes": nodes, "links": links, "dropped": graph.number_of_nodes() - len(nodes)}


def html_view(graph: nx.DiGraph, *, max_nodes: int = 2000) -> str:
    """One HTML file: the graph drawn with a small force layout, searchable, clickable."""
    data = json.dumps(_view_data(graph, max_nodes), ensure_ascii=False)
    data = data.replace("</", "<\\/")  # never close the script element from inside data
    return _TEMPLATE.replace("/*DATA*/null", data)


_TEMPLATE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>docparse citation graph</title>
<style>
body{margin:0;font:13px system-ui,sans-serif;display:flex;height:100vh}
#side{width:340px;padding:10px;overflow:auto;border-right:1px solid #ccc;box-sizing:border-box}
#view{flex:1;position:relative}canvas{width:100%;height:100%;display:block}
input{width:100%;box-sizing:border-box;padding:4px}pre{white-space:pre-wrap;font-size:12px}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 8px}
</style></head><body>
<div id="side"><b>Citation graph</b>
<p><input id="q" placeholder="search key, name, number"></p>
<div class="legend" id="legend"></div>
<p id="count"></p><div id="info">Click a node. Drag to pan, wheel to zoom.</div></div>
<div id="view"><canvas id="c"></canvas></div>
<script>
const G=/*DATA*/null;
const COL={laws:"#d62728",decrees:"#ff7f0e",resolutions:"#2ca02c",legal:"#9467bd",
party:"#8c564b",administrative:"#1f77b4"};
const REL={legal_basis:"#d62728",implements:"#2ca02c",amends:"#ff7f0e",replaces:"#9467bd",
repeals:"#7f7f7f",refers:"#bbb"};
const N=G.nodes,L=G.links,cv=document.getElementById("c"),cx=cv.getContext("2d");
document.getElementById("count").textContent=N.length+" nodes, "+L.length+" edges"+
(G.dropped?" ("+G.dropped+" less connected nodes left out)":"");
document.getElementById("legend").innerHTML=Object.keys(COL).map(k=>
'<span style="background:'+COL[k]+'"></span>'+k).join("");
let W=0,H=0,sc=1,ox=0,oy=0,sel=-1,hits=new Set();
N.forEach((n,i)=>{const a=i*2.39996,r=10*Math.sqrt(i+1);n.x=r*Math.cos(a);n.y=r*Math.sin(a);
n.vx=0;n.vy=0;n.r=3+Math.min(12,Math.sqrt(n.in)*2)+(n.loaded?2:0);});
function size(){W=cv.clientWidth;H=cv.clientHeight;cv.width=W;cv.height=H;}
function step(){const k=30,grid=new Map(),cell=60;
N.forEach((n,i)=>{const key=Math.floor(n.x/cell)+","+Math.floor(n.y/cell);
(grid.get(key)||grid.set(key,[]).get(key)).push(i);});
N.forEach((n,i)=>{const gx=Math.floor(n.x/cell),gy=Math.floor(n.y/cell);
for(let dx=-1;dx<=1;dx++)for(let dy=-1;dy<=1;dy++){const b=grid.get((gx+dx)+","+(gy+dy));
if(!b)continue;for(const j of b){if(j===i)continue;const m=N[j];let x=n.x-m.x,y=n.y-m.y;
let d2=x*x+y*y+0.01;if(d2<cell*cell){const f=k*k/d2*0.05;n.vx+=x*f;n.vy+=y*f;}}}
n.vx-=n.x*0.002;n.vy-=n.y*0.002;});
L.forEach(l=>{const a=N[l.s],b=N[l.t];const x=b.x-a.x,y=b.y-a.y,d=Math.sqrt(x*x+y*y)+0.01;
const f=(d-k)*0.01;a.vx+=x/d*f*d*0.05;a.vy+=y/d*f*d*0.05;b.vx-=x/d*f*d*0.05;b.vy-=y/d*f*d*0.05;});
N.forEach(n=>{n.vx*=0.6;n.vy*=0.6;n.x+=Math.max(-20,Math.min(20,n.vx));
n.y+=Math.max(-20,Math.min(20,n.vy));});}
function draw(){cx.clearRect(0,0,W,H);cx.save();cx.translate(W/2+ox,H/2+oy);cx.scale(sc,sc);
L.forEach(l=>{const a=N[l.s],b=N[l.t];const on=sel===l.s||sel===l.t;
cx.strokeStyle=on?REL[l.r]||"#888":"rgba(150,150,150,.25)";cx.lineWidth=(on?1.5:.6)/sc;
cx.beginPath();cx.moveTo(a.x,a.y);cx.lineTo(b.x,b.y);cx.stroke();});
N.forEach((n,i)=>{cx.fillStyle=COL[n.group]||"#1f77b4";cx.globalAlpha=hits.size&&!hits.has(i)?.15:1;
cx.beginPath();cx.arc(n.x,n.y,n.r,0,6.283);cx.fill();
if(n.loaded||i===sel){cx.lineWidth=2/sc;cx.strokeStyle=i===sel?"#000":"#333";cx.stroke();}
if(sc>1.5||i===sel||hits.has(i)){cx.fillStyle="#000";cx.font=(11/sc)+"px sans-serif";
cx.fillText(n.label,n.x+n.r+2,n.y+3);}});cx.globalAlpha=1;cx.restore();}
let ticks=0;function loop(){if(ticks<400){step();ticks++;}draw();requestAnimationFrame(loop);}
function esc(s){return String(s).replace(/[&<>]/g,c=>({"&":"&amp;","<":"&lt;",">":"&gt;"})[c]);}
function show(i){sel=i;const n=N[i];const out=L.filter(l=>l.s===i).map(l=>
"\\u2192 "+N[l.t].label+" ("+l.r+", "+l.m+"\\u00d7)");const inn=L.filter(l=>l.t===i).map(l=>
"\\u2190 "+N[l.s].label+" ("+l.r+", "+l.m+"\\u00d7)");
document.getElementById("info").innerHTML="<b>"+esc(n.id)+"</b><pre>"+
esc(JSON.stringify(n.info,null,1))+"</pre><b>cites</b><pre>"+esc(out.join("\\n"))+
"</pre><b>cited by</b><pre>"+esc(inn.join("\\n"))+"</pre>";}
cv.addEventListener("click",e=>{const r=cv.getBoundingClientRect();
const x=(e.clientX-r.left-W/2-ox)/sc,y=(e.clientY-r.top-H/2-oy)/sc;let best=-1,bd=1e9;
N.forEach((n,i)=>{const d=(n.x-x)**2+(n.y-y)**2;if(d<bd&&d<(n.r+4)**2){bd=d;best=i;}});
if(best>=0)show(best);});
let drag=null;cv.addEventListener("mousedown",e=>{drag=[e.clientX-ox,e.clientY-oy];});
window.addEventListener("mouseup",()=>{drag=null;});
cv.addEventListener("mousemove",e=>{if(drag){ox=e.clientX-drag[0];oy=e.clientY-drag[1];}});
cv.addEventListener("wheel",e=>{e.preventDefault();sc*=e.deltaY<0?1.1:0.9;},{passive:false});
document.getElementById("q").addEventListener("input",e=>{const q=e.target.value.toLowerCase();
hits=new Set();if(q)N.forEach((n,i)=>{
if((n.id+" "+n.label).toLowerCase().includes(q))hits.add(i);});
if(hits.size===1)show([...hits][0]);});
window.addEventListener("resize",size);size();loop();
</script></body></html>
"""
